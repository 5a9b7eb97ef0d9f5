import Testing
@testable import NameDHT

@Suite struct RoutingTableTests {
    let own = NodeID(bytes: [UInt8](repeating: 0, count: 20))!
    let now = ContinuousClock.now

    /// An ID in bucket 0 (first bit differs from `own`), distinguished by its last byte.
    private func far(_ n: UInt8) -> DHTContact {
        var b = [UInt8](repeating: 0, count: 20)
        b[0] = 0x80
        b[19] = n
        return DHTContact(id: NodeID(bytes: b)!, endpoint: DHTEndpoint(address: [10, 0, 0, n], port: 6881)!)
    }

    @Test func bucketHoldsAtMostKNodesAndPrefersOldGoodOnes() {
        var table = RoutingTable(ownID: own, k: 8)
        for n: UInt8 in 1...8 {
            let added = table.observe(far(n), responded: true, now: now)
            #expect(added)
        }
        let full = table.observe(far(9), responded: true, now: now)
        #expect(!full)
        #expect(table.count == 8)
        // A failing node makes room for a newcomer.
        table.failed(far(3))
        let replaced = table.observe(far(9), responded: true, now: now)
        #expect(replaced)
        #expect(!table.contacts.contains(far(3)))
        #expect(table.contacts.contains(far(9)))
    }

    @Test func dropsNodesAfterRepeatedFailures() {
        var table = RoutingTable(ownID: own, k: 8, maxFailures: 3)
        table.observe(far(1), responded: true, now: now)
        table.failed(far(1)); table.failed(far(1))
        #expect(table.count == 1)
        table.failed(far(1))
        #expect(table.count == 0)
    }

    @Test func hearingFromANodeClearsItsFailures() {
        var table = RoutingTable(ownID: own, k: 8, maxFailures: 3)
        table.observe(far(1), responded: true, now: now)
        table.failed(far(1)); table.failed(far(1))
        table.observe(far(1), responded: true, now: now)
        table.failed(far(1)); table.failed(far(1))
        #expect(table.count == 1)
    }

    @Test func neverStoresItself() {
        var table = RoutingTable(ownID: own, k: 8)
        let added = table.observe(DHTContact(id: own, endpoint: DHTEndpoint(address: [10, 0, 0, 1], port: 1)!), responded: true, now: now)
        #expect(!added)
    }

    @Test func spoofedAddressCannotHijackAGoodEntry() {
        var table = RoutingTable(ownID: own, k: 8)
        table.observe(far(1), responded: true, now: now)
        let spoof = DHTContact(id: far(1).id, endpoint: DHTEndpoint(address: [6, 6, 6, 6], port: 666)!)
        table.observe(spoof, responded: false, now: now)
        #expect(table.contacts == [far(1)])
    }

    @Test func closestIsOrderedByXORDistance() {
        var table = RoutingTable(ownID: own, k: 8)
        var ids: [NodeID] = []
        for _ in 0..<100 {
            let c = DHTContact(id: .random(), endpoint: DHTEndpoint(address: [10, 1, UInt8.random(in: 0...255), UInt8.random(in: 1...255)], port: 1)!)
            if table.observe(c, responded: true, now: now) { ids.append(c.id) }
        }
        let target = NodeID.random()
        let closest = table.closest(to: target, count: 8).map(\.id)
        let expected = Array(table.contacts.map(\.id).sorted { target.isCloser($0, than: $1) }.prefix(8))
        #expect(closest == expected)
    }

    @Test func randomIDSharesExactlyTheRequestedPrefix() {
        let me = NodeID.random()
        for prefix in [0, 1, 7, 8, 63, 159] {
            #expect(me.commonPrefixLength(with: me.random(sharingPrefix: prefix)) == prefix)
        }
    }
}
