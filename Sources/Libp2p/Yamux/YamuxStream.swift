import Synchronization

/// One yamux stream: a `ByteStream` with its own receive window (the session refuses data beyond
/// what was granted) and send window (writes wait for the peer's window updates).
public final class YamuxStream: ByteStream, Sendable {
    private struct State {
        var sendWindow: UInt32 = YamuxConfiguration.initialWindow
        var sendWaiter: CheckedContinuation<Void, any Error>?
        /// Bytes the peer may still send before our next window update.
        var receiveWindow: UInt32 = YamuxConfiguration.initialWindow
        /// Bytes read by the application since the last window update.
        var consumedSinceUpdate: UInt32 = 0
        var localClosed = false
        var remoteClosed = false
        var reset: Libp2pError?
    }

    /// The stream id (odd: opened by the dialer; even: by the listener).
    public let id: UInt32
    private let session: YamuxSession
    private let inbound: ByteQueue
    private let state = Mutex(State())

    init(id: UInt32, session: YamuxSession) {
        self.id = id
        self.session = session
        let box = StreamBox()
        inbound = ByteQueue { consumed, _ in box.stream?.consumed(consumed) }
        box.stream = self
    }

    // MARK: Reading

    public func read(exactly count: Int) async throws -> [UInt8] {
        try await inbound.read(exactly: count)
    }

    public func readSome(maxCount: Int) async throws -> [UInt8] {
        try await inbound.readSome(maxCount: maxCount)
    }

    /// Data arrived from the peer. - Throws: `.yamuxProtocol` when it exceeds the granted window.
    func receive(_ payload: [UInt8]) throws(Libp2pError) {
        try state.withLock { s throws(Libp2pError) in
            guard UInt32(payload.count) <= s.receiveWindow else {
                throw Libp2pError(.yamuxProtocol, "stream \(id): \(payload.count) bytes exceed the \(s.receiveWindow)-byte window")
            }
            s.receiveWindow -= UInt32(payload.count)
        }
        inbound.append(payload)
    }

    /// The bytes the peer may send now (for frames the session must check before reading them).
    var receiveWindow: UInt32 { state.withLock { $0.receiveWindow } }

    /// The application read `count` bytes: grant them back once half a window was read.
    private func consumed(_ count: Int) {
        let delta = state.withLock { s -> UInt32? in
            s.consumedSinceUpdate += UInt32(count)
            guard s.consumedSinceUpdate >= YamuxConfiguration.initialWindow / 2, s.reset == nil, !s.remoteClosed else { return nil }
            defer { s.consumedSinceUpdate = 0 }
            s.receiveWindow += s.consumedSinceUpdate
            return s.consumedSinceUpdate
        }
        if let delta { session.sendNow(YamuxFrame(type: .windowUpdate, streamID: id, length: delta)) }
    }

    // MARK: Writing

    public func write(_ bytes: [UInt8]) async throws {
        var offset = 0
        while offset < bytes.count {
            let allowed = try await reserveSendWindow(upTo: min(bytes.count - offset, session.configuration.maxDataFrame))
            let chunk = Array(bytes[offset..<offset + allowed])
            try await session.send(YamuxFrame(type: .data, streamID: id, length: UInt32(allowed)), payload: chunk)
            offset += allowed
        }
    }

    /// Waits until the send window is open and takes up to `wanted` bytes of it.
    private func reserveSendWindow(upTo wanted: Int) async throws -> Int {
        while true {
            let taken = try state.withLock { s throws(Libp2pError) -> Int? in
                if let reset = s.reset { throw reset }
                if s.localClosed { throw Libp2pError(.closed, "stream \(id) is closed for writing") }
                guard s.sendWindow > 0 else { return nil }
                let n = min(Int(s.sendWindow), wanted)
                s.sendWindow -= UInt32(n)
                return n
            }
            if let taken { return taken }
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    let ready = state.withLock { s -> Bool in
                        if s.sendWindow > 0 || s.reset != nil || Task.isCancelled { return true }
                        s.sendWaiter = continuation
                        return false
                    }
                    if ready { continuation.resume() }
                }
            } onCancel: {
                state.withLock { s in
                    defer { s.sendWaiter = nil }
                    return s.sendWaiter
                }?.resume(throwing: Libp2pError(.cancelled, "write cancelled"))
            }
            try Task.checkCancellation()
        }
    }

    /// The peer granted more send window.
    func grant(_ delta: UInt32) {
        state.withLock { s in
            s.sendWindow = s.sendWindow.addingReportingOverflow(delta).overflow ? UInt32.max : s.sendWindow + delta
            defer { s.sendWaiter = nil }
            return s.sendWaiter
        }?.resume()
    }

    // MARK: Closing

    /// Half-closes: sends FIN; reading continues until the peer closes too.
    public func close() async {
        let send = state.withLock { s -> Bool in
            guard !s.localClosed, s.reset == nil else { return false }
            s.localClosed = true
            return true
        }
        guard send else { return }
        session.sendNow(YamuxFrame(type: .windowUpdate, flags: .fin, streamID: id, length: 0))
        removeIfDone()
    }

    /// Aborts the stream in both directions (RST).
    public func reset() {
        guard markReset(Libp2pError(.streamReset, "stream \(id) reset locally")) else { return }
        session.sendNow(YamuxFrame(type: .windowUpdate, flags: .rst, streamID: id, length: 0))
        session.remove(id)
    }

    /// The peer sent FIN: reads end after the buffered bytes.
    func remoteClose() {
        state.withLock { $0.remoteClosed = true }
        inbound.finish()
        removeIfDone()
    }

    /// The peer reset the stream, or the session ended.
    func remoteReset(_ error: Libp2pError) {
        _ = markReset(error)
    }

    private func markReset(_ error: Libp2pError) -> Bool {
        let (first, waiter) = state.withLock { s -> (Bool, CheckedContinuation<Void, any Error>?) in
            guard s.reset == nil else { return (false, nil) }
            s.reset = error
            defer { s.sendWaiter = nil }
            return (true, s.sendWaiter)
        }
        waiter?.resume(throwing: error)
        if first { inbound.finish(error) }
        return first
    }

    private func removeIfDone() {
        if state.withLock({ $0.localClosed && $0.remoteClosed }) { session.remove(id) }
    }
}

/// Lets a stream's queue callback reach the stream created after it (weak: the stream owns the queue).
private final class StreamBox: @unchecked Sendable {
    /// Set once in `YamuxStream.init`.
    weak var stream: YamuxStream?
}
