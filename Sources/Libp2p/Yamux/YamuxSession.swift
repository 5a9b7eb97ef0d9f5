import NIOCore
import Synchronization

/// A yamux session over a secure channel: multiplexes streams, answers pings, honours go-away,
/// enforces windows and stream limits. A protocol violation by the peer ends the session with a
/// go-away (protocol error) and fails every stream with the reason.
public final class YamuxSession: Sendable {
    private struct State {
        var streams: [UInt32: YamuxStream] = [:]
        var nextID: UInt32
        var localGoAway = false
        var remoteGoAway = false
        var closedError: Libp2pError?
        var pings: [UInt32: CheckedContinuation<Void, any Error>] = [:]
        var nextPing: UInt32 = 1
    }

    let channel: SecureChannel
    /// The limits in force.
    public let configuration: YamuxConfiguration
    private let isDialer: Bool
    private let onInboundStream: @Sendable (YamuxStream) -> Void
    private let onClose: @Sendable (Libp2pError) -> Void
    private let state: Mutex<State>

    /// A session over `channel`. The dialer opens odd stream ids, the listener even ones.
    /// `onInboundStream` receives each stream the peer opens (already acknowledged); `onClose` runs
    /// once when the session ends.
    public init(channel: SecureChannel, isDialer: Bool, configuration: YamuxConfiguration = YamuxConfiguration(),
                onInboundStream: @escaping @Sendable (YamuxStream) -> Void,
                onClose: @escaping @Sendable (Libp2pError) -> Void = { _ in }) {
        self.channel = channel
        self.isDialer = isDialer
        self.configuration = configuration
        self.onInboundStream = onInboundStream
        self.onClose = onClose
        state = Mutex(State(nextID: isDialer ? 1 : 2))
    }

    /// Starts reading frames (call once).
    public func start() {
        Task { await self.readLoop() }
    }

    /// The peer this session talks to.
    public var remotePeer: PeerID { channel.remotePeer }

    /// Whether the session ended (or either side announced go-away, so no new streams).
    public var isClosed: Bool { state.withLock { $0.closedError != nil || $0.remoteGoAway || $0.localGoAway } }

    /// Number of open streams.
    public var streamCount: Int { state.withLock { $0.streams.count } }

    // MARK: Streams

    /// Opens a stream (SYN).
    /// - Throws: `.sessionClosed` after go-away or close; `.limitExceeded` at `maxStreams`.
    public func openStream() throws(Libp2pError) -> YamuxStream {
        let stream = try state.withLock { s throws(Libp2pError) -> YamuxStream in
            if let error = s.closedError { throw Libp2pError(.sessionClosed, "session closed: \(error.reason)") }
            if s.remoteGoAway || s.localGoAway { throw Libp2pError(.sessionClosed, "session is going away") }
            guard s.streams.count < configuration.maxStreams else {
                throw Libp2pError(.limitExceeded, "\(s.streams.count) streams open (limit \(configuration.maxStreams))")
            }
            guard s.nextID < UInt32.max - 1 else { throw Libp2pError(.sessionClosed, "stream ids exhausted") }
            let stream = YamuxStream(id: s.nextID, session: self)
            s.streams[s.nextID] = stream
            s.nextID += 2
            return stream
        }
        sendNow(YamuxFrame(type: .windowUpdate, flags: .syn, streamID: stream.id, length: 0))
        return stream
    }

    func remove(_ id: UInt32) {
        _ = state.withLock { $0.streams.removeValue(forKey: id) }
    }

    // MARK: Sending

    /// Sends a frame and waits until it was written.
    func send(_ frame: YamuxFrame, payload: [UInt8] = []) async throws {
        if let error = state.withLock({ $0.closedError }) { throw Libp2pError(.sessionClosed, "session closed: \(error.reason)") }
        try await channel.write(frame.bytes + payload)
    }

    /// Enqueues a frame without waiting (window updates, acks, FIN, RST), in call order; a failed
    /// write ends the session through the read side.
    func sendNow(_ frame: YamuxFrame) {
        guard state.withLock({ $0.closedError == nil }) else { return }
        _ = try? channel.enqueue(frame.bytes)
    }

    // MARK: Ping and go-away

    /// Sends a ping and waits for the answer.
    /// - Returns: the round-trip time.
    public func ping() async throws -> Duration {
        let id = state.withLock { s in
            defer { s.nextPing &+= 1 }
            return s.nextPing
        }
        let clock = ContinuousClock()
        let start = clock.now
        try await withDeadline(configuration.pingTimeout, "yamux ping to \(remotePeer)") {
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    let error = self.state.withLock { s -> Libp2pError? in
                        if let closed = s.closedError { return closed }
                        s.pings[id] = continuation
                        return nil
                    }
                    if let error { continuation.resume(throwing: error) } else {
                        self.sendNow(YamuxFrame(type: .ping, flags: .syn, streamID: 0, length: id))
                    }
                }
            } onCancel: {
                self.state.withLock { $0.pings.removeValue(forKey: id) }?.resume(throwing: Libp2pError(.cancelled, "ping cancelled"))
            }
        }
        return clock.now - start
    }

    /// Announces go-away (normal) and closes the connection.
    public func close() async {
        let first = state.withLock { s -> Bool in
            defer { s.localGoAway = true }
            return !s.localGoAway && s.closedError == nil
        }
        if first { try? await send(YamuxFrame(type: .goAway, streamID: 0, length: YamuxFrame.GoAwayCode.normal.rawValue)) }
        shutDown(Libp2pError(.sessionClosed, "session closed locally"))
    }

    /// Ends the session: every stream and ping fails with `error`, the connection closes.
    private func shutDown(_ error: Libp2pError) {
        let (streams, pings, first) = state.withLock { s -> ([YamuxStream], [CheckedContinuation<Void, any Error>], Bool) in
            guard s.closedError == nil else { return ([], [], false) }
            s.closedError = error
            defer {
                s.streams = [:]
                s.pings = [:]
            }
            return (Array(s.streams.values), Array(s.pings.values), true)
        }
        guard first else { return }
        for stream in streams { stream.remoteReset(error) }
        for ping in pings { ping.resume(throwing: error) }
        Task { await channel.close() }
        onClose(error)
    }

    // MARK: Reading

    private func readLoop() async {
        do {
            while true {
                let frame = try YamuxFrame(header: try await channel.read(exactly: YamuxFrame.headerLength))
                try await handle(frame)
            }
        } catch let error as Libp2pError {
            if error.code == .yamuxProtocol || error.code == .limitExceeded {
                try? await send(YamuxFrame(type: .goAway, streamID: 0, length: YamuxFrame.GoAwayCode.protocolError.rawValue))
            }
            shutDown(error)
        } catch {
            shutDown(Libp2pError.wrap(error, "yamux session"))
        }
    }

    private func handle(_ frame: YamuxFrame) async throws {
        switch frame.type {
        case .ping:
            if frame.flags.contains(.syn) {
                sendNow(YamuxFrame(type: .ping, flags: .ack, streamID: 0, length: frame.length))
            } else if frame.flags.contains(.ack) {
                state.withLock { $0.pings.removeValue(forKey: frame.length) }?.resume()
            }
        case .goAway:
            state.withLock { $0.remoteGoAway = true }
            if frame.length != YamuxFrame.GoAwayCode.normal.rawValue {
                throw Libp2pError(.sessionClosed, "peer sent go-away with error code \(frame.length)")
            }
        case .data, .windowUpdate:
            try await handleStreamFrame(frame)
        }
    }

    private func handleStreamFrame(_ frame: YamuxFrame) async throws {
        var stream = state.withLock { $0.streams[frame.streamID] }
        if frame.flags.contains(.syn) {
            guard stream == nil else { throw Libp2pError(.yamuxProtocol, "SYN for stream \(frame.streamID), which is open") }
            guard (frame.streamID % 2 == 1) != isDialer else {
                throw Libp2pError(.yamuxProtocol, "peer opened stream \(frame.streamID) with our parity")
            }
            stream = acceptStream(frame.streamID)
        }
        if frame.type == .data {
            guard let stream else {
                // Data for a stream already reset or closed: discard, within one window.
                guard frame.length <= YamuxConfiguration.initialWindow else {
                    throw Libp2pError(.yamuxProtocol, "\(frame.length) bytes for unknown stream \(frame.streamID)")
                }
                _ = try await channel.read(exactly: Int(frame.length))
                return
            }
            guard frame.length <= stream.receiveWindow else {
                throw Libp2pError(.yamuxProtocol, "stream \(frame.streamID): \(frame.length) bytes exceed the \(stream.receiveWindow)-byte window")
            }
            try stream.receive(try await channel.read(exactly: Int(frame.length)))
        } else if let stream {
            stream.grant(frame.length)
        }
        guard let stream else { return }
        if frame.flags.contains(.rst) {
            stream.remoteReset(Libp2pError(.streamReset, "stream \(frame.streamID) reset by the peer"))
            remove(frame.streamID)
        } else if frame.flags.contains(.fin) {
            stream.remoteClose()
        }
    }

    /// A new inbound stream: acknowledged and handed to `onInboundStream`, or reset at the limit.
    private func acceptStream(_ id: UInt32) -> YamuxStream? {
        let stream = state.withLock { s -> YamuxStream? in
            guard !s.localGoAway, s.streams.count < configuration.maxStreams else { return nil }
            let stream = YamuxStream(id: id, session: self)
            s.streams[id] = stream
            return stream
        }
        guard let stream else {
            sendNow(YamuxFrame(type: .windowUpdate, flags: .rst, streamID: id, length: 0))
            return nil
        }
        sendNow(YamuxFrame(type: .windowUpdate, flags: .ack, streamID: id, length: 0))
        onInboundStream(stream)
        return stream
    }
}
