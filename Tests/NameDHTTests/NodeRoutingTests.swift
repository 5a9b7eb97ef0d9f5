import Testing
@testable import NameDHT

/// The routing rules of a running node, against raw UDP peers on 127.0.0.1.
@Suite(.serialized) struct NodeRoutingTests {
    /// A peer that answers every query with `id` (or stays silent when `answers` is false).
    private func peer(id: NodeID, answers: Bool = true) throws -> RawPeer {
        try RawPeer { m, _ in
            answers ? KRPCMessage(transactionID: m.transactionID, body: .response(KRPCResponse(id: id))).encoded : nil
        }
    }

    private func findNode(from id: NodeID) -> [UInt8] {
        KRPCMessage(transactionID: [7, 7], body: .query(.findNode(id: id, target: .random()))).encoded
    }

    @Test func aNodeThatOnlyQueriedUsEntersOnlyAfterAnsweringOurPing() async throws {
        let node = DHTNode(configuration: loopbackConfiguration(timeout: .milliseconds(300)))
        let at = try await node.start()
        defer { Task { await node.stop() } }
        let mute = try peer(id: .random(), answers: false)
        defer { mute.close() }

        mute.send(findNode(from: .random()), to: at)
        // It gets its answer, and a verification ping…
        #expect(await mute.waitFor { if case .response = $0.body { true } else { false } } != nil)
        #expect(await mute.waitFor { if case .query(.ping) = $0.body { true } else { false } } != nil)
        // …which it ignores: it never enters the table.
        try await Task.sleep(for: .milliseconds(500))
        #expect(await node.exportRoutingTable().isEmpty)
        #expect(await node.status().routingTableSize == 0)

        let politeID = NodeID.random()
        let polite = try peer(id: politeID)
        defer { polite.close() }
        polite.send(findNode(from: politeID), to: at)
        #expect(await polite.waitFor { if case .query(.ping) = $0.body { true } else { false } } != nil)
        var admitted = false
        for _ in 0..<50 where !admitted {
            admitted = await node.exportRoutingTable().contains(DHTContact(id: politeID, endpoint: polite.endpoint))
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(admitted, "a node that answered our ping is in the table")
    }

    @Test func spoofedAnswersLeaveNoTraceInTheTable() async throws {
        let node = DHTNode(configuration: loopbackConfiguration(timeout: .milliseconds(300)))
        let at = try await node.start()
        defer { Task { await node.stop() } }
        // The queried peer answers, but with a transaction ID it was not given.
        let wrongTID = try RawPeer { m, _ in
            KRPCMessage(transactionID: m.transactionID.map { $0 ^ 0xFF }, body: .response(KRPCResponse(id: .random()))).encoded
        }
        let silent = try RawPeer()
        let spoofer = try RawPeer()
        defer { wrongTID.close(); silent.close(); spoofer.close() }
        await #expect(throws: DHTError(.timeout, "")) { try await node.query(.ping(id: node.id), to: wrongTID.endpoint) }
        // Another address answers with the right transaction ID in the silent peer's place.
        let task = Task { () throws(DHTError) -> KRPCResponse in try await node.query(.ping(id: node.id), to: silent.endpoint) }
        let t = try #require(await silent.waitFor { _ in true }?.transactionID)
        #expect(t.count == 4, "random 4-byte transaction IDs")
        spoofer.send(KRPCMessage(transactionID: t, body: .response(KRPCResponse(id: .random()))).encoded, to: at)
        await #expect(throws: DHTError(.timeout, "")) { try await task.value }
        #expect(await node.status().routingTableSize == 0)
        #expect(await node.status().dropped["unknown_transaction", default: 0] >= 2)
    }

    @Test func transactionIDsAreRandom() async throws {
        let node = DHTNode(configuration: loopbackConfiguration(timeout: .milliseconds(100)))
        try await node.start()
        defer { Task { await node.stop() } }
        let silent = try RawPeer()
        defer { silent.close() }
        for _ in 0..<8 { _ = try? await node.query(.ping(id: node.id), to: silent.endpoint) }
        let seen = Set(silent.messages.map(\.transactionID))
        #expect(seen.count == 8)
        // Not a counter: consecutive IDs do not differ by one.
        let values = seen.map { $0.reduce(0) { $0 << 8 | UInt32($1) } }.sorted()
        #expect(zip(values, values.dropFirst()).contains { $1 - $0 > 1 })
    }

    @Test func maintenanceRefreshesQuietBuckets() async throws {
        var config = loopbackConfiguration(timeout: .milliseconds(300))
        config.bucketRefreshInterval = .zero
        let node = DHTNode(configuration: config)
        try await node.start()
        defer { Task { await node.stop() } }
        let neighbour = try peer(id: .random())
        defer { neighbour.close() }
        _ = try await node.query(.ping(id: node.id), to: neighbour.endpoint)
        #expect(await node.status().routingTableSize == 1)
        let refreshed = await node.maintain()
        #expect(refreshed >= 1)
        let nodeID = await node.id
        #expect(await neighbour.waitFor { if case .query(.findNode(_, let target)) = $0.body { target != nodeID } else { false } } != nil)
    }

    @Test func secureModeAdmitsOnlyBEP42ValidNodes() async throws {
        // Loopback is exempt from BEP 42, so this checks the rule on public-looking contacts.
        var config = loopbackConfiguration()
        config.secure = true
        let node = DHTNode(configuration: config)
        let ip: [UInt8] = [124, 31, 75, 21]
        let valid = DHTContact(id: BEP42.nodeID(for: ip)!, endpoint: DHTEndpoint(address: ip, port: 6881)!)
        var forged = valid.id.bytes
        forged[1] ^= 0x10
        let invalid = DHTContact(id: NodeID(bytes: forged)!, endpoint: DHTEndpoint(address: ip, port: 6882)!)
        #expect(await node.importRoutingTable([valid, invalid]) == 1)
        #expect(await node.exportRoutingTable() == [valid])
    }
}
