import NameCore
import Synchronization

/// Bytes that a producer (a socket handler, a yamux session) appends and one consumer at a time reads,
/// suspending until enough bytes arrived, the producer finished, or the reading task was cancelled.
///
/// The queue itself does not cap what is appended: producers enforce their limits (a TCP connection
/// stops reading from the socket above its high-water mark, a yamux stream refuses data beyond the
/// window it granted). `onConsume` tells the producer how much was read so it can open up again.
public final class ByteQueue: Sendable {
    private struct Waiter {
        let maxCount: Int
        let continuation: CheckedContinuation<[UInt8], any Error>
    }

    private struct State {
        var buffer: [UInt8] = []
        var start = 0
        var end: Libp2pError?
        var waiter: Waiter?

        var buffered: Int { buffer.count - start }

        /// Takes up to `maxCount` bytes, or `nil` when nothing is buffered.
        mutating func take(maxCount: Int) -> [UInt8]? {
            guard buffered > 0 else { return nil }
            return consume(min(buffered, maxCount))
        }

        private mutating func consume(_ count: Int) -> [UInt8] {
            let out = Array(buffer[start..<start + count])
            start += count
            if start == buffer.count {
                buffer.removeAll(keepingCapacity: true)
                start = 0
            } else if start >= 64 * 1024 && start * 2 >= buffer.count {
                buffer.removeFirst(start)
                start = 0
            }
            return out
        }
    }

    private let state = Mutex(State())
    private let onConsume: (@Sendable (_ consumed: Int, _ stillBuffered: Int) -> Void)?

    /// An empty, open queue. `onConsume` runs (outside the lock) after each read with the number of
    /// bytes read and the number still buffered.
    public init(onConsume: (@Sendable (_ consumed: Int, _ stillBuffered: Int) -> Void)? = nil) {
        self.onConsume = onConsume
    }

    /// Bytes waiting to be read.
    public var buffered: Int { state.withLock { $0.buffered } }

    /// Appends bytes and wakes the reader if it can now proceed. Ignored after `finish`.
    public func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        let (resume, value) = state.withLock { s -> (CheckedContinuation<[UInt8], any Error>?, [UInt8]) in
            guard s.end == nil else { return (nil, []) }
            if s.start == 0 && s.buffer.isEmpty { s.buffer = bytes } else { s.buffer.append(contentsOf: bytes) }
            guard let waiter = s.waiter, let value = s.take(maxCount: waiter.maxCount) else {
                return (nil, [])
            }
            s.waiter = nil
            return (waiter.continuation, value)
        }
        resume?.resume(returning: value)
    }

    /// Ends the queue: buffered bytes can still be read, then reads fail with `error`
    /// (`.closed` for a clean end of stream). Only the first call counts.
    public func finish(_ error: Libp2pError = Libp2pError(.closed, "end of stream")) {
        let waiter = state.withLock { s -> CheckedContinuation<[UInt8], any Error>? in
            guard s.end == nil else { return nil }
            s.end = error
            defer { s.waiter = nil }
            return s.waiter?.continuation
        }
        waiter?.resume(throwing: error)
    }

    /// Whether `finish` was called.
    public var isFinished: Bool { state.withLock { $0.end != nil } }

    /// Reads exactly `count` bytes.
    /// - Throws: the finishing error when the queue ends first; `.cancelled`; `.concurrentRead`.
    ///
    /// Large reads take what is there piece by piece, so `onConsume` can reopen the producer's
    /// window (a yamux stream grants only 256 KiB before the reader consumes).
    public func read(exactly count: Int) async throws -> [UInt8] {
        if count == 0 { return [] }
        var out = try await wait(maxCount: count)
        while out.count < count {
            out += try await wait(maxCount: count - out.count)
        }
        return out
    }

    /// Reads between 1 and `maxCount` bytes, whatever is available first.
    public func readSome(maxCount: Int) async throws -> [UInt8] {
        try await wait(maxCount: max(1, maxCount))
    }

    private func wait(maxCount: Int) async throws -> [UInt8] {
        let value: [UInt8] = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[UInt8], any Error>) in
                let outcome = state.withLock { s -> Result<[UInt8], Libp2pError>? in
                    if let value = s.take(maxCount: maxCount) { return .success(value) }
                    if let end = s.end { return .failure(end) }
                    if Task.isCancelled { return .failure(Libp2pError(.cancelled, "read cancelled")) }
                    if s.waiter != nil { return .failure(Libp2pError(.concurrentRead, "a read is already waiting on this stream")) }
                    s.waiter = Waiter(maxCount: maxCount, continuation: continuation)
                    return nil
                }
                if let outcome { continuation.resume(with: outcome.mapError { $0 as any Error }) }
            }
        } onCancel: {
            let waiter = state.withLock { s -> CheckedContinuation<[UInt8], any Error>? in
                defer { s.waiter = nil }
                return s.waiter?.continuation
            }
            waiter?.resume(throwing: Libp2pError(.cancelled, "read cancelled"))
        }
        onConsume?(value.count, buffered)
        return value
    }
}
