import Synchronization
@testable import NameDHT

/// An in-process datagram network for large simulations: every node gets a 10.x.y.z address and
/// datagrams (still fully bencoded and decoded) are handed straight to the receiver's handler.
final class SimulatedNetwork: Sendable {
    private let handlers = Mutex<[DHTEndpoint: @Sendable ([UInt8], DHTEndpoint) -> Void]>([:])
    private let nextHost = Mutex<UInt32>(1)
    private let delivered = Atomic<Int>(0)

    /// Datagrams delivered so far.
    var datagrams: Int { delivered.load(ordering: .relaxed) }

    func makeTransport() -> any DatagramTransport {
        let n = nextHost.withLock { h in defer { h += 1 }; return h }
        let e = DHTEndpoint(address: [10, UInt8((n >> 16) & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF)], port: 6881)!
        return Transport(network: self, localEndpoint: e)
    }

    /// A transport at a chosen address (any address: public ones for BEP 42 tests).
    func makeTransport(at e: DHTEndpoint) -> any DatagramTransport { Transport(network: self, localEndpoint: e) }

    /// A scripted peer at `e`: `respond` gets each decodable query and its sender, and returns the
    /// message to send back (or nil for silence).
    func serve(at e: DHTEndpoint, _ respond: @escaping @Sendable (KRPCMessage, DHTEndpoint) -> KRPCMessage?) {
        register(e) { [weak self] bytes, from in
            guard let m = try? KRPCMessage(decoding: bytes), case .query = m.body, let reply = respond(m, from) else { return }
            self?.deliver(reply.encoded, from: e, to: from)
        }
    }

    fileprivate func register(_ e: DHTEndpoint, _ h: (@Sendable ([UInt8], DHTEndpoint) -> Void)?) {
        handlers.withLock { $0[e] = h }
    }

    fileprivate func deliver(_ bytes: [UInt8], from: DHTEndpoint, to: DHTEndpoint) {
        guard let h = handlers.withLock({ $0[to] }) else { return }
        delivered.add(1, ordering: .relaxed)
        h(bytes, from)
    }

    private final class Transport: DatagramTransport {
        let network: SimulatedNetwork
        let localEndpoint: DHTEndpoint
        init(network: SimulatedNetwork, localEndpoint: DHTEndpoint) {
            self.network = network
            self.localEndpoint = localEndpoint
        }
        func start(_ handler: @escaping @Sendable ([UInt8], DHTEndpoint) -> Void) { network.register(localEndpoint, handler) }
        func send(_ bytes: [UInt8], to endpoint: DHTEndpoint) { network.deliver(bytes, from: localEndpoint, to: endpoint) }
        func close() { network.register(localEndpoint, nil) }
    }
}
