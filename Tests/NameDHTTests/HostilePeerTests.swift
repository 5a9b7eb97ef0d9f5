import NameKeys
import Testing
@testable import NameDHT

/// Malformed, oversized, spoofed and lying peers: all ignored with a counted reason, no crash, bounded time.
@Suite(.serialized) struct HostilePeerTests {
    private func ping(_ t: [UInt8], id: NodeID = .random()) -> [UInt8] {
        KRPCMessage(transactionID: t, body: .query(.ping(id: id))).encoded
    }

    @Test func malformedAndOversizedPacketsAreDroppedAndTheNodeKeepsAnswering() async throws {
        let node = DHTNode(configuration: loopbackConfiguration())
        let at = try await node.start()
        defer { Task { await node.stop() } }
        let peer = try RawPeer()
        defer { peer.close() }
        let garbage: [[UInt8]] = [
            [], [0xFF, 0x00, 0x13], Array("d1:t".utf8), Array("d1:y1:q1:t2:aae".utf8),  // unsorted keys
            Array("d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qei0e".utf8),  // trailing data
            Array("d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe".utf8).map { $0 == UInt8(ascii: "2") ? UInt8(ascii: "9") : $0 },
            Array(String(repeating: "l", count: 1500).utf8),  // deep nesting
            Array("d1:ad2:idi-0ee1:q4:ping1:t2:aa1:y1:qe".utf8),  // i-0e
            [UInt8](repeating: 0x64, count: 60_000),  // 60 KB
            Array("d1:ad2:id3:abce1:q4:ping1:t2:aa1:y1:qe".utf8),  // short id
        ]
        for g in garbage { peer.send(g, to: at) }
        peer.send(ping([0x42, 0x43]), to: at)
        let answer = await peer.waitFor { $0.transactionID == [0x42, 0x43] }
        let nodeID = await node.id
        #expect(answer?.body == .response(KRPCResponse(id: nodeID)))
        let dropped = await node.status().dropped
        #expect(dropped["malformed_bencode", default: 0] >= 6)
        #expect(dropped["malformed_message", default: 0] >= 1)
        #expect(dropped["oversized"] == 1)
    }

    @Test func responsesWithWrongTransactionOrFromWrongEndpointAreIgnored() async throws {
        let node = DHTNode(configuration: loopbackConfiguration(timeout: .milliseconds(300)))
        let at = try await node.start()
        defer { Task { await node.stop() } }
        let silent = try RawPeer()
        let spoofer = try RawPeer()
        defer { silent.close(); spoofer.close() }
        // Unsolicited response and error: nobody asked.
        spoofer.send(KRPCMessage(transactionID: [9, 9], body: .response(KRPCResponse(id: .random()))).encoded, to: at)
        spoofer.send(KRPCMessage(transactionID: [1, 2, 3], body: .error(code: 201, message: "x")).encoded, to: at)
        // The spoofer sees the query's transaction ID (worst case) and answers in the silent peer's place.
        let task = Task { () throws(DHTError) -> KRPCResponse in try await node.query(.ping(id: node.id), to: silent.endpoint) }
        let query = await silent.waitFor { _ in true }
        let t = try #require(query?.transactionID)
        spoofer.send(KRPCMessage(transactionID: t, body: .response(KRPCResponse(id: .random()))).encoded, to: at)
        await #expect(throws: DHTError(.timeout, "")) { try await task.value }
        #expect(await node.status().dropped["unknown_transaction", default: 0] >= 3)
    }

    @Test func unresponsiveNodesCostBoundedTime() async throws {
        let silent = try (0..<6).map { _ in try RawPeer() }
        defer { silent.forEach { $0.close() } }
        let node = DHTNode(configuration: loopbackConfiguration(timeout: .milliseconds(300)))
        try await node.start()
        defer { Task { await node.stop() } }
        let clock = ContinuousClock()
        let elapsed = await clock.measure {
            await #expect(throws: DHTError(.noNodes, "")) { try await node.bootstrap(silent.map(\.endpoint)) }
        }
        #expect(elapsed < .seconds(2))

        // Silent nodes mixed into a table with honest ones: resolution still succeeds, in bounded time.
        let honest = try await startLoopbackNetwork(count: 5)
        defer { Task { await stopAll(honest) } }
        let key = PrivateKey.generate()
        let record = IPNSItemTests.record(key, seq: 1)
        try await honest[0].publish(record: record, key: key)
        let resolver = DHTNode(configuration: loopbackConfiguration(timeout: .milliseconds(300)))
        try await resolver.start()
        defer { Task { await resolver.stop() } }
        try await resolver.bootstrap([try await honest[1].start()])
        let target = try IPNSItem.target(for: key.name)
        // IDs right next to the target, so the lookup must try them first.
        let decoys = silent.enumerated().map { i, p in
            var b = target.bytes
            b[19] ^= UInt8(i + 1)
            return DHTContact(id: NodeID(bytes: b)!, endpoint: p.endpoint)
        }
        await resolver.importRoutingTable(decoys)
        let start = clock.now
        #expect(try await resolver.resolve(name: key.name) == record)
        let resolveTime = clock.now - start
        #expect(resolveTime < .seconds(3))
        #expect(silent.contains { !$0.messages.isEmpty }, "the silent decoys were asked")
    }

    @Test func liarsReturningBogusNodesAndInvalidItemsCannotHideTheRecord() async throws {
        let honest = try await startLoopbackNetwork(count: 6)
        defer { Task { await stopAll(honest) } }
        let key = PrivateKey.generate()
        let record = IPNSItemTests.record(key, seq: 1)
        try await honest[2].publish(record: record, key: key)
        let target = try IPNSItem.target(for: key.name)
        let good = try IPNSItem.make(record: IPNSItemTests.record(key, seq: 50), key: key)
        let forgedSig = [good.signature[0] ^ 1] + good.signature.dropFirst()
        let liarID = NodeID(bytes: target.bytes.enumerated().map { $0.offset == 19 ? $0.element ^ 1 : $0.element })!
        let bogus: [DHTContact] = [
            DHTContact(id: .random(), endpoint: DHTEndpoint(address: [0, 0, 0, 0], port: 0)!),
            DHTContact(id: .random(), endpoint: DHTEndpoint(address: [255, 255, 255, 255], port: 80)!),
            DHTContact(id: .random(), endpoint: DHTEndpoint(address: [224, 0, 0, 1], port: 6881)!),
        ] + (0..<13).map { i in DHTContact(id: .random(), endpoint: DHTEndpoint(address: [127, 0, 0, 1], port: UInt16(9 + i))!) }
        let liar = try RawPeer { m, _ in
            guard case .query(let q) = m.body else { return nil }
            // A higher seq with a forged signature, and nodes that do not exist.
            let r = KRPCResponse(id: liarID, nodes: bogus, token: [1],
                                 item: .init(publicKey: good.publicKey, sequence: good.sequence, value: good.value, signature: forgedSig))
            if case .ping = q { return KRPCMessage(transactionID: m.transactionID, body: .response(KRPCResponse(id: liarID))).encoded }
            return KRPCMessage(transactionID: m.transactionID, body: .response(r)).encoded
        }
        defer { liar.close() }
        let resolver = DHTNode(configuration: loopbackConfiguration(timeout: .milliseconds(300)))
        try await resolver.start()
        defer { Task { await resolver.stop() } }
        try await resolver.bootstrap([try await honest[0].start()])
        await resolver.importRoutingTable([DHTContact(id: liarID, endpoint: liar.endpoint)])
        let (found, lookup) = try await resolver.resolveDetailed(name: key.name)
        #expect(found == record)
        #expect(lookup.item?.sequence == 1)
        #expect(await resolver.status().dropped["invalid_item", default: 0] >= 1)
        // The bogus addresses were never even queried; only unbound loopback ports were (and timed out).
        #expect(await resolver.exportRoutingTable().allSatisfy { !$0.endpoint.isBogus })
    }

    @Test func perIPRateLimitDropsFloods() async throws {
        var config = loopbackConfiguration()
        config.queriesPerSecondPerIP = 5
        config.queryBurstPerIP = 5
        let node = DHTNode(configuration: config)
        let at = try await node.start()
        defer { Task { await node.stop() } }
        let peer = try RawPeer()
        defer { peer.close() }
        for i in 0..<60 { peer.send(ping([0x10, UInt8(i)]), to: at) }
        _ = await peer.waitFor(timeout: .milliseconds(500)) { _ in false }
        let dropped = await node.status().dropped["rate_limited", default: 0]
        #expect(dropped >= 50)
    }

    @Test func inFlightQueriesAreCapped() async throws {
        var config = loopbackConfiguration(timeout: .milliseconds(400))
        config.maxInFlightQueries = 2
        let node = DHTNode(configuration: config)
        try await node.start()
        defer { Task { await node.stop() } }
        let silent = try RawPeer()
        defer { silent.close() }
        let tasks = (0..<8).map { _ in Task { try? await node.query(.ping(id: node.id), to: silent.endpoint) } }
        try await Task.sleep(for: .milliseconds(100))
        #expect(await node.status().inFlightQueries == 2)
        for t in tasks { _ = await t.value }
        #expect(await node.status().inFlightQueries == 0)
    }

    @Test func putsWithBadTokenOversizedValueOrLongSaltGetBEP44Errors() async throws {
        let node = DHTNode(configuration: loopbackConfiguration())
        let at = try await node.start()
        defer { Task { await node.stop() } }
        let peer = try RawPeer()
        defer { peer.close() }
        let key = PrivateKey.generate()
        let item = try MutableItem.sign(value: .string("ok"), salt: [], sequence: 1, key: key)
        func put(_ t: UInt8, token: [UInt8], value: Bencode = item.value, salt: [UInt8] = [], sig: [UInt8] = item.signature) {
            let req = KRPCQuery.PutRequest(publicKey: item.publicKey, salt: salt, sequence: 1, value: value, signature: sig, cas: nil)
            peer.send(KRPCMessage(transactionID: [0x50, t], body: .query(.put(id: .random(), token: token, request: req))).encoded, to: at)
        }
        func errorCode(_ t: UInt8) async -> Int64? {
            guard let m = await peer.waitFor({ $0.transactionID == [0x50, t] }), case .error(let code, _) = m.body else { return nil }
            return code
        }
        put(1, token: [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(await errorCode(1) == 203)
        peer.send(KRPCMessage(transactionID: [0x51], body: .query(.get(id: .random(), target: item.target, sequence: nil))).encoded, to: at)
        guard let g = await peer.waitFor({ $0.transactionID == [0x51] }), case .response(let r) = g.body, let token = r.token else {
            Issue.record("no token"); return
        }
        put(2, token: token, value: .bytes([UInt8](repeating: 0, count: 1000)))
        #expect(await errorCode(2) == 205)
        put(3, token: token, salt: [UInt8](repeating: 0, count: 65))
        #expect(await errorCode(3) == 207)
        var bad = item.signature
        bad[5] ^= 0x80
        put(4, token: token, sig: bad)
        #expect(await errorCode(4) == 206)
        put(5, token: token)
        let ok = await peer.waitFor { $0.transactionID == [0x50, 5] }
        let nodeID = await node.id
        #expect(ok?.body == .response(KRPCResponse(id: nodeID)))
        #expect(await node.status().storedItems == 1)
    }
}
