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

    private func fullBucket() -> RoutingTable {
        var table = RoutingTable(ownID: own, k: 8, now: now)
        for n: UInt8 in 1...8 {
            let added = table.answered(far(n), now: now)
            #expect(added == .added)
        }
        return table
    }

    @Test func nodesThatOnlyQueriedUsStayOutUntilTheyAnswer() {
        var table = RoutingTable(ownID: own, k: 8, now: now)
        // A query from an unknown node: worth a verification ping, but no slot.
        let r1 = table.queried(by: far(1), now: now)
        #expect(r1)
        #expect(table.count == 0)
        let r2 = table.answered(far(1), now: now)
        #expect(r2 == .added)
        #expect(table.state(of: far(1), now: now) == .good)
        // Known now: no further verification needed.
        let r3 = table.queried(by: far(1), now: now)
        #expect(!r3)
    }

    @Test func fullBucketOfGoodNodesRefusesNewcomers() {
        var table = fullBucket()
        let r4 = table.answered(far(9), now: now)
        #expect(r4 == .refused)
        let r5 = table.queried(by: far(10), now: now)
        #expect(!r5, "no point verifying a node with no room for it")
        #expect(table.count == 8)
        #expect(!table.contacts.contains(far(9)))
    }

    @Test func pingBeforeEvictReplacesAQuestionableNodeOnlyWhenItFails() {
        var table = fullBucket()
        // 16 minutes without a word: all eight are questionable.
        let later = now + .seconds(16 * 60)
        #expect(table.questionable(now: later).count == 8)
        let pending = table.answered(far(9), now: later)
        guard case .pendingPing(let old) = pending else { Issue.record("expected a ping, got \(pending)"); return }
        #expect(table.contacts.contains(old), "the pinged node keeps its slot while the ping runs")
        #expect(!table.contacts.contains(far(9)))
        // The questionable node answers: it stays, the newcomer still waits.
        let r6 = table.answered(old, now: later)
        #expect(r6 == .refreshed)
        #expect(table.count == 8 && !table.contacts.contains(far(9)))
        // Another one fails its ping: the waiting newcomer takes its slot.
        let next = table.answered(far(9), now: later + .seconds(1))
        guard case .pendingPing(let victim) = next else { Issue.record("expected a ping, got \(next)"); return }
        #expect(victim != old)
        table.failed(victim, now: later + .seconds(2))
        #expect(table.contacts.contains(far(9)))
        #expect(!table.contacts.contains(victim))
        #expect(table.count == 8)
    }

    @Test func nodeStatesFollowBEP5() {
        var table = RoutingTable(ownID: own, k: 8, badAfter: 2, now: now)
        table.answered(far(1), now: now)
        #expect(table.state(of: far(1), now: now + .seconds(60)) == .good)
        #expect(table.state(of: far(1), now: now + .seconds(15 * 60 + 1)) == .questionable)
        // A node that answered once stays good while it keeps querying us.
        _ = table.queried(by: far(1), now: now + .seconds(20 * 60))
        #expect(table.state(of: far(1), now: now + .seconds(21 * 60)) == .good)
        table.failed(far(1), now: now)
        #expect(table.state(of: far(1), now: now) == .good)
        table.failed(far(1), now: now)
        #expect(table.state(of: far(1), now: now) == .bad)
        #expect(table.closest(to: far(1).id, count: 8, now: now).isEmpty, "bad nodes are not handed out")
        // A bad node's slot goes to the next node that answers.
        var full = fullBucket()
        full.failed(far(5), now: now); full.failed(far(5), now: now)
        let r7 = full.answered(far(9), now: now)
        #expect(r7 == .added)
        #expect(!full.contacts.contains(far(5)))
    }

    @Test func answeringClearsFailures() {
        var table = RoutingTable(ownID: own, k: 8, badAfter: 2, now: now)
        table.answered(far(1), now: now)
        table.failed(far(1), now: now)
        table.answered(far(1), now: now)
        table.failed(far(1), now: now)
        #expect(table.state(of: far(1), now: now) == .good)
    }

    @Test func restoredNodesAreQuestionableAndDroppedOnFirstFailure() {
        var table = RoutingTable(ownID: own, k: 8, now: now)
        let r8 = table.restore(far(1), now: now)
        #expect(r8)
        #expect(table.state(of: far(1), now: now) == .questionable)
        #expect(table.goodCount(now: now) == 0)
        #expect(table.closest(to: far(1).id, count: 1, now: now) == [far(1)], "restored nodes seed lookups")
        table.failed(far(1), now: now)
        #expect(table.count == 0)
    }

    @Test func persistsOnlyNodesThatAnsweredRecently() {
        var table = RoutingTable(ownID: own, k: 8, now: now)
        table.answered(far(1), now: now)
        table.answered(far(2), now: now - .seconds(3 * 3600))
        table.restore(far(3), now: now)
        table.restore(far(4), now: now)
        table.failed(far(4), now: now)
        _ = table.queried(by: far(5), now: now)
        let saved = Set(table.persistable(within: .seconds(7200), now: now))
        #expect(saved == [far(1), far(3)])
    }

    @Test func quietBucketsAreDueForRefresh() {
        var table = RoutingTable(ownID: own, k: 8, now: now)
        var near = far(1).id.bytes
        near[0] = 0x01 // bucket 7
        table.answered(far(1), now: now)
        table.answered(DHTContact(id: NodeID(bytes: near)!, endpoint: DHTEndpoint(address: [10, 0, 1, 1], port: 1)!), now: now)
        #expect(table.bucketsToRefresh(after: .seconds(900), now: now + .seconds(60)).isEmpty)
        let due = table.bucketsToRefresh(after: .seconds(900), now: now + .seconds(901))
        #expect(due == Array(0...7), "every bucket up to the deepest occupied one")
        table.refreshed(3, now: now + .seconds(901))
        #expect(!table.bucketsToRefresh(after: .seconds(900), now: now + .seconds(902)).contains(3))
    }

    @Test func neverStoresItself() {
        var table = RoutingTable(ownID: own, k: 8, now: now)
        let admission = table.answered(DHTContact(id: own, endpoint: DHTEndpoint(address: [10, 0, 0, 1], port: 1)!), now: now)
        #expect(admission == .refused)
    }

    @Test func spoofedAddressCannotHijackAGoodEntry() {
        var table = RoutingTable(ownID: own, k: 8, now: now)
        table.answered(far(1), now: now)
        let spoof = DHTContact(id: far(1).id, endpoint: DHTEndpoint(address: [6, 6, 6, 6], port: 666)!)
        let r9 = table.answered(spoof, now: now)
        #expect(r9 == .refused)
        let r10 = table.queried(by: spoof, now: now)
        #expect(!r10)
        #expect(table.contacts == [far(1)])
    }

    @Test func secureModeAdmitsOnlyBEP42ValidIDs() {
        var table = RoutingTable(ownID: own, k: 8, now: now) { BEP42.isValid($0) }
        let ip: [UInt8] = [124, 31, 75, 21]
        let valid = DHTContact(id: BEP42.nodeID(for: ip)!, endpoint: DHTEndpoint(address: ip, port: 6881)!)
        var forgedID = valid.id.bytes
        forgedID[0] ^= 0x80
        let forged = DHTContact(id: NodeID(bytes: forgedID)!, endpoint: DHTEndpoint(address: [124, 31, 75, 22], port: 6881)!)
        #expect(!BEP42.isValid(forged))
        let r11 = table.answered(valid, now: now)
        #expect(r11 == .added)
        let r12 = table.answered(forged, now: now)
        #expect(r12 == .refused)
        let r13 = table.queried(by: forged, now: now)
        #expect(!r13, "not even worth a verification ping")
        // Local addresses are exempt.
        let r14 = table.answered(far(1), now: now)
        #expect(r14 == .added)
    }

    @Test func closestIsOrderedByXORDistance() {
        var table = RoutingTable(ownID: own, k: 8, now: now)
        for _ in 0..<100 {
            let c = DHTContact(id: .random(), endpoint: DHTEndpoint(address: [10, 1, UInt8.random(in: 0...255), UInt8.random(in: 1...255)], port: 1)!)
            table.answered(c, now: now)
        }
        let target = NodeID.random()
        let closest = table.closest(to: target, count: 8, now: now).map(\.id)
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
