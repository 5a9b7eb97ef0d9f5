import NameKeys
import NameRecord
import Testing
@testable import NameDHT

/// Swift nodes talking KRPC to each other over real UDP sockets on 127.0.0.1.
@Suite(.serialized) struct LocalNetworkTests {
    @Test func publishesOnOneNodeAndResolvesFromAnother() async throws {
        let nodes = try await startLoopbackNetwork(count: 10)
        defer { Task { await stopAll(nodes) } }
        for n in nodes { #expect(await n.status().routingTableSize >= 5) }

        let key = PrivateKey.generate()
        let record = IPNSItemTests.record(key, seq: 1)
        let report = try await nodes[3].publish(record: record, key: key)
        #expect(report.storedOn.count >= 5)
        let found = try await nodes[8].resolve(name: key.name)
        #expect(found == record)

        // A newer record replaces the old one everywhere it is looked up.
        let newer = IPNSItemTests.record(key, seq: 2, value: "/ipfs/bafkqaaa")
        try await nodes[5].publish(record: newer, key: key)
        #expect(try await nodes[1].resolve(name: key.name) == newer)
    }

    @Test func stalePutIsRefusedAndDoesNotReplaceNewerItem() async throws {
        let nodes = try await startLoopbackNetwork(count: 8)
        defer { Task { await stopAll(nodes) } }
        let key = PrivateKey.generate()
        let newer = IPNSItemTests.record(key, seq: 5)
        try await nodes[0].publish(record: newer, key: key)
        let older = IPNSItemTests.record(key, seq: 4)
        do {
            try await nodes[1].publish(record: older, key: key)
            Issue.record("stale put was accepted")
        } catch {
            #expect(error.code == .putFailed)
            #expect(error.reason.contains("302"))
        }
        #expect(try await nodes[7].resolve(name: key.name) == newer)
    }

    @Test func compareAndSwapMismatchIsRefused() async throws {
        let nodes = try await startLoopbackNetwork(count: 6)
        defer { Task { await stopAll(nodes) } }
        let key = PrivateKey.generate()
        try await nodes[0].putItem(try MutableItem.sign(value: .string("a"), salt: [], sequence: 1, key: key))
        let second = try MutableItem.sign(value: .string("b"), salt: [], sequence: 2, key: key)
        await #expect(throws: DHTError(.putFailed, "")) { try await nodes[2].putItem(second, cas: 7) }
        let ok = try await nodes[2].putItem(second, cas: 1)
        #expect(!ok.storedOn.isEmpty)
        #expect(try await nodes[4].getItem(publicKey: key.publicKey.data, salt: []).item == second)
    }

    @Test func resolvingAnUnknownNameIsNotFound() async throws {
        let nodes = try await startLoopbackNetwork(count: 4)
        defer { Task { await stopAll(nodes) } }
        await #expect(throws: DHTError(.notFound, "")) { try await nodes[1].resolve(name: PrivateKey.generate().name) }
    }

    @Test func routingTableExportsAndImportsForFastRestart() async throws {
        let nodes = try await startLoopbackNetwork(count: 6)
        defer { Task { await stopAll(nodes) } }
        let saved = await nodes[2].exportRoutingTable().map(\.description)
        #expect(saved.count >= 4)

        let fresh = DHTNode(configuration: loopbackConfiguration())
        try await fresh.start()
        defer { Task { await fresh.stop() } }
        let parsed = try saved.map { text throws(DHTError) in try DHTContact(parsing: text) }
        #expect(await fresh.importRoutingTable(parsed) == saved.count)
        // No bootstrap endpoints at all: the imported table is enough to join.
        #expect(try await fresh.bootstrap([]) >= 5)
        #expect(await fresh.status().lastBootstrap != nil)
    }

    @Test func bootstrapsFromConfiguredHostNames() async throws {
        let nodes = try await startLoopbackNetwork(count: 4)
        defer { Task { await stopAll(nodes) } }
        var config = loopbackConfiguration()
        config.bootstrapNodes = ["localhost:\(try await nodes[0].start().port)"]
        let node = DHTNode(configuration: config)
        try await node.start()
        defer { Task { await node.stop() } }
        #expect(try await node.bootstrap() >= 3)
    }

    @Test func endpointsAndContactsParseStrictly() throws {
        #expect(try DHTEndpoint(parsing: "127.0.0.1:6881").description == "127.0.0.1:6881")
        for bad in ["127.0.0.1", "127.0.0.1:0", "127.0.0.1:70000", "1.2.3:4", "01.2.3.4:5", "256.1.1.1:1"] {
            #expect(throws: DHTError(.invalidEndpoint, ""), "\(bad)") { try DHTEndpoint(parsing: bad) }
        }
        let c = try DHTContact(parsing: "10.0.0.1:6881/" + String(repeating: "ab", count: 20))
        #expect(c.description == "10.0.0.1:6881/" + String(repeating: "ab", count: 20))
        #expect(throws: DHTError(.invalidEndpoint, "")) { try DHTContact(parsing: "10.0.0.1:6881/abcd") }
    }
}
