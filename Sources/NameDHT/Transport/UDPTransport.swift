import Synchronization

/// A UDP socket (`UDPSocket`) with a receive loop on its own thread (`poll()` with a short timeout, so
/// `close()` takes effect within `pollInterval`). Datagrams of any size are read whole so that the
/// node can count oversized ones; nothing here interprets them.
final class UDPTransport: DatagramTransport {
    private struct State {
        var handler: (@Sendable ([UInt8], DHTEndpoint) -> Void)?
        var running = true
        var started = false
    }

    private let socket: UDPSocket
    let localEndpoint: DHTEndpoint
    private let state = Mutex(State())
    private static let pollIntervalMilliseconds: Int32 = 100

    /// Binds a UDP socket to `bind` (port 0: an ephemeral port).
    init(bind: DHTEndpoint) throws(DHTError) {
        (socket, localEndpoint) = try UDPSocket.bound(to: bind)
    }

    func start(_ handler: @escaping @Sendable ([UInt8], DHTEndpoint) -> Void) {
        let proceed = state.withLock { s -> Bool in
            guard s.running, !s.started else { return false }
            s.handler = handler
            s.started = true
            return true
        }
        guard proceed else { return }
        if !UDPSocket.detachThread({ self.receiveLoop() }) {
            state.withLock { s in
                s.running = false
                s.handler = nil
            }
            socket.close()
        }
    }

    private func receiveLoop() {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while state.withLock({ $0.running }) {
            guard socket.waitReadable(milliseconds: UDPTransport.pollIntervalMilliseconds), let (n, from) = socket.receive(into: &buffer) else { continue }
            let handler = state.withLock { $0.handler }
            handler?(Array(buffer[0..<n]), from)
        }
        state.withLock { _ in socket.close() }
    }

    func send(_ bytes: [UInt8], to endpoint: DHTEndpoint) {
        // Under the lock, so the receive loop cannot close (and the kernel reuse) the descriptor mid-send;
        // the send does not block, which keeps the critical section short.
        state.withLock { s in
            guard s.running else { return }
            socket.send(bytes, to: endpoint)
        }
    }

    func close() {
        let closeHere = state.withLock { s -> Bool in
            defer { s.running = false; s.handler = nil }
            return s.running && !s.started
        }
        // A started socket is closed by its receive loop, so the descriptor is never reused under it.
        if closeHere { socket.close() }
    }
}
