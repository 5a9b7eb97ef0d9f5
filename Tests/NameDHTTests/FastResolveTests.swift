import NameKeys
import NameRecord
import Testing
@testable import NameDHT

/// `resolveFirst`, `resolveStream`, restoring a routing table at start, and lookups that do not wait
/// for dead nodes (Swift nodes on loopback).
@Suite(.serialized) struct FastResolveTests {
    @Test func firstAnswerAndStreamReturnThePublishedRecord() async throws {
        let nodes = try await startLoopbackNetwork(count: 8)
        defer { Task { await stopAll(nodes) } }
        let key = PrivateKey.generate()
        let record = IPNSItemTests.record(key, seq: 3)
        try await nodes[2].publish(record: record, key: key)

        #expect(try await nodes[6].resolveFirst(name: key.name) == record)
        var seen: [Record] = []
        for try await r in nodes[5].resolveStream(name: key.name) { seen.append(r) }
        #expect(seen == [record])
        // Only strictly better records are yielded, and the last one is what a complete lookup returns.
        let newer = IPNSItemTests.record(key, seq: 4, value: "/ipfs/bafkqaaa")
        try await nodes[3].publish(record: newer, key: key)
        seen = []
        for try await r in nodes[7].resolveStream(name: key.name) { seen.append(r) }
        #expect(seen.last == newer)
        #expect(zip(seen, seen.dropFirst()).allSatisfy { ($0.sequence ?? 0) < ($1.sequence ?? 0) })
        #expect(try await nodes[7].resolve(name: key.name) == newer)
    }

    @Test func unknownNameEndsTheStreamWithNotFound() async throws {
        let nodes = try await startLoopbackNetwork(count: 4)
        defer { Task { await stopAll(nodes) } }
        let name = PrivateKey.generate().name
        await #expect(throws: DHTError(.notFound, "")) { try await nodes[1].resolveFirst(name: name) }
        await #expect(throws: DHTError(.notFound, "")) {
            for try await _ in nodes[2].resolveStream(name: name) {}
        }
    }

    /// A restarted node with a persisted table whose closest entries are dead answers without
    /// bootstrapping and without waiting a query timeout per dead node.
    @Test func restoredTableWithDeadClosestNodesStillAnswersFast() async throws {
        let nodes = try await startLoopbackNetwork(count: 6)
        defer { Task { await stopAll(nodes) } }
        let key = PrivateKey.generate()
        let record = IPNSItemTests.record(key, seq: 1)
        try await nodes[0].publish(record: record, key: key)
        let target = try IPNSItem.target(for: key.name)

        // Six silent peers listed with IDs right next to the target, so they are asked first.
        let silent = try (0..<6).map { _ in try RawPeer() }
        defer { silent.forEach { $0.close() } }
        var persisted: [DHTContact] = []
        for (i, peer) in silent.enumerated() {
            var id = target.bytes
            id[19] ^= UInt8(i + 1)
            persisted.append(DHTContact(id: NodeID(bytes: id)!, endpoint: peer.endpoint))
        }
        for n in nodes { persisted.append(DHTContact(id: await n.id, endpoint: try await n.start())) }

        var config = loopbackConfiguration(timeout: .seconds(3))
        let restarted = DHTNode(configuration: config)
        try await restarted.start(restoring: persisted)
        defer { Task { await restarted.stop() } }
        #expect(await restarted.status().routingTableSize >= 8)
        let clock = ContinuousClock()
        let start = clock.now
        #expect(try await restarted.resolveFirst(name: key.name) == record)
        #expect(clock.now - start < .seconds(3), "waited for a dead node's 3 s timeout")
        // Without adaptive timeouts the α = 3 slots stay stuck on dead nodes for a whole timeout.
        config.adaptiveTimeouts = false
        config.queryTimeout = .seconds(1)
        let patient = DHTNode(configuration: config)
        try await patient.start(restoring: persisted)
        defer { Task { await patient.stop() } }
        let start2 = clock.now
        #expect(try await patient.resolveFirst(name: key.name) == record)
        #expect(clock.now - start2 >= .seconds(1))
    }
}
