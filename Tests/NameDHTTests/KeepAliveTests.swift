import NameKeys
import NameRecord
import Testing
@testable import NameDHT

/// A follower keeps a name resolvable after its owner went offline and every node that held the
/// item was destroyed, by rebroadcasting the original signed item.
@Suite(.serialized) struct KeepAliveTests {
    @Test func followerRebroadcastsTheOriginalItemAfterItsHoldersAreGone() async throws {
        let nodes = try await startLoopbackNetwork(count: 14)
        defer { Task { await stopAll(nodes) } }
        let owner = nodes[0]
        let key = PrivateKey.generate()
        let record = IPNSItemTests.record(key, seq: 4)
        let report = try await owner.publish(record: record, key: key)

        // The follower joins after the publish (so it holds no copy in its own store) and reads the item.
        let follower = DHTNode(configuration: loopbackConfiguration(timeout: .milliseconds(300)))
        try await follower.start()
        defer { Task { await follower.stop() } }
        try await follower.bootstrap([try await nodes[13].start()])
        let (_, lookup) = try await follower.resolveDetailed(name: key.name)
        let original = try #require(lookup.item)
        let afterResolve = await follower.status()
        #expect(afterResolve.ownItems == 0 && afterResolve.storedItems == 0, "a lookup keeps no item, however valid")

        // The owner and every holder go away.
        let holders = Set(report.storedOn.map(\.endpoint))
        var survivors: [DHTNode] = []
        for n in nodes {
            let at = try await n.start()
            if n === owner || holders.contains(at) { await n.stop() } else { survivors.append(n) }
        }
        #expect(survivors.count >= 4)
        let reader = DHTNode(configuration: loopbackConfiguration(timeout: .milliseconds(300)))
        try await reader.start()
        defer { Task { await reader.stop() } }
        try await reader.bootstrap([try await survivors[0].start()])
        await #expect(throws: DHTError(.notFound, "")) { try await reader.resolve(name: key.name) }

        // The follower rebroadcasts the signed item it kept: no key needed.
        let (item, put) = try await follower.rebroadcast(original)
        #expect(item == original)
        #expect(!put.storedOn.isEmpty)
        #expect(await follower.status().ownItems == 1, "what it rebroadcasts, it holds as its own")
        let (again, relookup) = try await reader.resolveDetailed(name: key.name)
        #expect(again == record)
        #expect(relookup.item?.signature == original.signature)
        #expect(relookup.item?.sequence == 4)
    }
}
