import Synchronization
import Testing
@testable import NameDHT

/// Settings for a private loopback network: no public routers, loopback peers allowed, short timeouts.
func loopbackConfiguration(timeout: Duration = .milliseconds(500)) -> DHTConfiguration {
    var c = DHTConfiguration()
    c.bindAddress = DHTEndpoint(address: [127, 0, 0, 1], port: 0)!
    c.bindAddress6 = nil
    c.bootstrapNodes = []
    c.allowPrivateAddresses = true
    c.queryTimeout = timeout
    c.lookupTimeout = .seconds(5)
    // Every peer on a loopback network shares 127.0.0.1, so the per-IP limit must cover all of them.
    c.queriesPerSecondPerIP = 100_000
    c.queryBurstPerIP = 100_000
    c.maxStoredItemsPerIP = c.maxStoredItems
    return c
}

/// Starts `count` Swift nodes on loopback and bootstraps each from the first.
func startLoopbackNetwork(count: Int) async throws -> [DHTNode] {
    var nodes: [DHTNode] = []
    for _ in 0..<count {
        let n = DHTNode(configuration: loopbackConfiguration())
        try await n.start()
        nodes.append(n)
    }
    let first = try await nodes[0].start()
    for n in nodes.dropFirst() { try await n.bootstrap([first]) }
    try await nodes[0].bootstrap([try await nodes[1].start()])
    return nodes
}

func stopAll(_ nodes: [DHTNode]) async {
    for n in nodes { await n.stop() }
}

/// A raw UDP socket for hostile-peer tests: sends arbitrary bytes, and can answer queries with a handler.
final class RawPeer: Sendable {
    let transport: UDPTransport
    private final class Inbox: Sendable {
        let list = Mutex<[(bytes: [UInt8], from: DHTEndpoint)]>([])
    }
    private let received = Inbox()

    /// `respond` gets each decodable query and returns the datagram to send back (or nil for silence).
    init(respond: (@Sendable (KRPCMessage, DHTEndpoint) -> [UInt8]?)? = nil) throws {
        transport = try UDPTransport(bind: DHTEndpoint(address: [127, 0, 0, 1], port: 0)!)
        transport.start { [received, transport] bytes, from in
            received.list.withLock { $0.append((bytes, from)) }
            if let respond, let m = try? KRPCMessage(decoding: bytes), case .query = m.body, let reply = respond(m, from) {
                transport.send(reply, to: from)
            }
        }
    }

    var endpoint: DHTEndpoint { transport.localEndpoint }

    func send(_ bytes: [UInt8], to e: DHTEndpoint) { transport.send(bytes, to: e) }

    /// Every decodable message received so far.
    var messages: [KRPCMessage] { received.list.withLock { $0.compactMap { try? KRPCMessage(decoding: $0.bytes) } } }

    /// Waits up to `timeout` for a datagram matching `predicate`.
    func waitFor(timeout: Duration = .seconds(5), _ predicate: @Sendable (KRPCMessage) -> Bool) async -> KRPCMessage? {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            let found = received.list.withLock { list in
                list.lazy.compactMap { try? KRPCMessage(decoding: $0.bytes) }.first(where: predicate)
            }
            if let found { return found }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }

    func close() { transport.close() }
}
