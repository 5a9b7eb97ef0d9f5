import NameKeys
import NameRecord
import Testing
@testable import NameDHT

/// BEP 32: IPv6 endpoints, `nodes6`, `want`, and dual-stack nodes, on ::1.
@Suite(.serialized) struct IPv6Tests {
    static let loopback6 = DHTEndpoint(address: [UInt8](repeating: 0, count: 15) + [1], port: 0)!

    /// Loopback settings on ::1 only.
    static func v6Configuration() -> DHTConfiguration {
        var c = loopbackConfiguration()
        c.bindAddress = loopback6
        return c
    }

    /// Loopback settings on 127.0.0.1 and ::1.
    static func dualConfiguration() -> DHTConfiguration {
        var c = loopbackConfiguration()
        c.bindAddress6 = loopback6
        return c
    }

    @Test func endpointsAndContactsParseAndPrintIPv6() throws {
        let e = try DHTEndpoint(parsing: "[::1]:6881")
        #expect(e.isIPv6 && e.port == 6881 && e.description == "[::1]:6881")
        #expect(e.isPrivate && !e.isBogus)
        #expect(try DHTEndpoint(parsing: "[2001:db8::7]:1").description == "[2001:db8::7]:1")
        #expect(try DHTEndpoint(parsing: "[::]:1").isBogus)
        #expect(throws: DHTError(.invalidEndpoint, "")) { try DHTEndpoint(parsing: "[::g]:1") }
        let c = try DHTContact(parsing: "[fd00::2]:6881/" + String(repeating: "ab", count: 20))
        #expect(c.description == "[fd00::2]:6881/" + String(repeating: "ab", count: 20))
    }

    @Test func responsesCarryIPv6NodesInNodes6AndQueriesCarryWant() throws {
        let v4 = DHTContact(id: .random(), endpoint: DHTEndpoint(address: [10, 0, 0, 1], port: 1)!)
        let v6 = DHTContact(id: .random(), endpoint: try DHTEndpoint(parsing: "[2001:db8::1]:6881"))
        let r = KRPCMessage(transactionID: [1], body: .response(KRPCResponse(id: .random(), nodes: [v4, v6])))
        let bytes = r.encoded
        #expect(String(decoding: bytes, as: UTF8.self).contains("6:nodes638:"))
        #expect(String(decoding: bytes, as: UTF8.self).contains("5:nodes26:"))
        #expect(try KRPCMessage(decoding: bytes) == r)
        let q = KRPCMessage(transactionID: [2], body: .query(.findNode(id: .random(), target: .random())), want: ["n4", "n6"])
        #expect(String(decoding: q.encoded, as: UTF8.self).contains("4:wantl2:n42:n6e"))
        #expect(try KRPCMessage(decoding: q.encoded).want == ["n4", "n6"])
        // nodes6 must be a whole number of 38-byte entries.
        let bad = Array("d1:rd2:id20:abcdefghij01234567896:nodes63:abce1:t1:x1:y1:re".utf8)
        #expect(throws: DHTError(.malformedMessage, "")) { try KRPCMessage(decoding: bad) }
    }

    @Test func ipv6OnlyNodesPublishAndResolveOverLoopback() async throws {
        var nodes: [DHTNode] = []
        for _ in 0..<6 {
            let n = DHTNode(configuration: Self.v6Configuration())
            #expect(try await n.start().isIPv6)
            nodes.append(n)
        }
        defer { let all = nodes; Task { await stopAll(all) } }
        let first = try await nodes[0].start()
        for n in nodes.dropFirst() { try await n.bootstrap([first]) }
        let key = PrivateKey.generate()
        let record = IPNSItemTests.record(key, seq: 1)
        let report = try await nodes[2].publish(record: record, key: key)
        #expect(report.storedOn.allSatisfy { $0.endpoint.isIPv6 })
        #expect(try await nodes[5].resolve(name: key.name) == record)
    }

    @Test func dualStackNodeBridgesBothFamiliesAndAnswersEachInItsOwn() async throws {
        // An IPv6-only swarm holds the name; a dual-stack node joins through one IPv4 and one IPv6 host.
        var six: [DHTNode] = []
        for _ in 0..<4 { let n = DHTNode(configuration: Self.v6Configuration()); try await n.start(); six.append(n) }
        let four = DHTNode(configuration: loopbackConfiguration())
        defer { let all = six + [four]; Task { await stopAll(all) } }
        try await four.start()
        for n in six.dropFirst() { try await n.bootstrap([try await six[0].start()]) }
        let key = PrivateKey.generate()
        let record = IPNSItemTests.record(key, seq: 2)
        try await six[1].publish(record: record, key: key)

        let dual = DHTNode(configuration: Self.dualConfiguration())
        try await dual.start()
        defer { Task { await dual.stop() } }
        try await dual.bootstrap([try await four.start(), try await six[0].start()])
        #expect(try await dual.resolve(name: key.name) == record)
        let table = await dual.exportRoutingTable()
        #expect(table.contains { $0.endpoint.isIPv6 } && table.contains { !$0.endpoint.isIPv6 })

        // An IPv4 requester gets IPv4 nodes only; with want n6 it gets the IPv6 ones too.
        let plain = try await four.query(.findNode(id: four.id, target: .random()), to: try await dual.start())
        #expect(!plain.nodes.isEmpty && plain.nodes.allSatisfy { !$0.endpoint.isIPv6 })
        let raw = try RawPeer()
        defer { raw.close() }
        raw.send(KRPCMessage(transactionID: [5, 5], body: .query(.findNode(id: .random(), target: .random())), want: ["n4", "n6"]).encoded,
                 to: try await dual.start())
        let answer = await raw.waitFor { $0.transactionID == [5, 5] }
        guard case .response(let r)? = answer?.body else { Issue.record("no answer"); return }
        #expect(r.nodes.contains { $0.endpoint.isIPv6 })
    }
}
