import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP exchange with a hard bound on the answer: at most `limit` body bytes (the transfer is
/// cancelled as soon as the server sends more, or announces more in `Content-Length`) and at most
/// `timeout` seconds in all. URLSession's own timeout restarts with every packet, and its `data(for:)`
/// buffers the whole body before anyone can look at its size, so a server that drips bytes, or
/// streams gigabytes, could otherwise hold a request forever or exhaust the process's memory.
///
/// The exchange ends as soon as its outcome is known: when the body grows past the limit, when
/// `Content-Length` announces more, or at the timeout, it does not wait for URLSession to report the
/// transfer it cancelled (after a `.cancel` disposition it sometimes never does).
final class BoundedExchange: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    /// How an exchange ended.
    enum Outcome: Sendable {
        /// A complete answer within the bounds.
        case answered(status: Int, body: Data)
        /// The server sent or announced more than the limit; the transfer was cancelled.
        case oversized
        /// No complete answer within the timeout; the transfer was cancelled.
        case timedOut
        /// The transfer failed (connection refused, reset, TLS, …).
        case failed(String)
    }

    private let limit: Int
    // Everything below is guarded by `lock`: URLSession calls the delegate on its own queue, the
    // timer and task cancellation on others.
    private let lock = NSLock()
    private var body = Data()
    private var status = 0
    private var continuation: CheckedContinuation<Outcome, Never>?
    /// The whole-exchange timeout, cancelled when the exchange ends first.
    private var timer: DispatchWorkItem?

    private init(limit: Int) {
        self.limit = limit
    }

    /// Runs `request` on a session of its own (`configuration`), within `limit` body bytes and
    /// `timeout` seconds; cancelling the calling task cancels the transfer.
    static func run(_ request: URLRequest, configuration: URLSessionConfiguration, limit: Int, timeout: Double) async -> Outcome {
        let exchange = BoundedExchange(limit: limit)
        // The session keeps its delegate until it is invalidated, which the completion does.
        let session = URLSession(configuration: configuration, delegate: exchange, delegateQueue: nil)
        let task = session.dataTask(with: request)
        let cancel = TaskCanceller(task)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let timer = DispatchWorkItem {
                    exchange.finish(.timedOut)
                    cancel.cancel()
                }
                exchange.lock.withLock {
                    exchange.continuation = continuation
                    exchange.timer = timer
                }
                task.resume()
                DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: timer)
            }
        } onCancel: {
            cancel.cancel()
        }
    }

    /// Ends the exchange with `outcome`, unless it has already ended.
    private func finish(_ outcome: Outcome) {
        let continuation: CheckedContinuation<Outcome, Never>? = lock.withLock {
            defer {
                self.continuation = nil
                self.timer = nil
            }
            timer?.cancel()
            return self.continuation
        }
        continuation?.resume(returning: outcome)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        lock.withLock { status = (response as? HTTPURLResponse)?.statusCode ?? 0 }
        guard response.expectedContentLength <= Int64(limit) else {
            completionHandler(.cancel)
            finish(.oversized)
            return
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let over = lock.withLock {
            body.append(data.prefix(limit + 1 - body.count))
            return body.count > limit
        }
        if over {
            finish(.oversized)
            dataTask.cancel()
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let outcome: Outcome = lock.withLock {
            if let error { return .failed(error.localizedDescription) }
            return .answered(status: status, body: body)
        }
        session.finishTasksAndInvalidate()
        finish(outcome)
    }
}

/// Cancels one URLSession task from any thread (the timer, the caller's cancellation).
private struct TaskCanceller: @unchecked Sendable {
    // URLSessionTask.cancel() is thread-safe; the task object itself is not declared Sendable.
    let task: URLSessionTask
    init(_ task: URLSessionTask) { self.task = task }
    func cancel() { task.cancel() }
}
