import NameKeys
import Testing
@testable import NameDHT

@Suite struct ItemStoreTests {
    /// A fixed test key (seed 07…07), never for real use.
    let key = try! PrivateKey(seed: [UInt8](repeating: 7, count: 32))
    let t0 = ContinuousClock.now

    private func item(_ seq: Int64, _ v: String = "v") throws -> MutableItem {
        try MutableItem.sign(value: .string(v), salt: [], sequence: seq, key: key)
    }

    @Test func highestSequenceWinsAndEqualSequenceKeepsTheStoredValue() throws {
        var store = ItemStore(capacity: 10, lifetime: .seconds(60))
        try store.put(try item(2, "two"), cas: nil, now: t0)
        do {
            try store.put(try item(1), cas: nil, now: t0)
            Issue.record("lower seq accepted")
        } catch let refusal as ItemStore.Refusal {
            #expect(refusal.code == 302)
        }
        try store.put(try item(2, "other"), cas: nil, now: t0)
        #expect(store.get(try item(2).target, now: t0)?.value == .string("two"))
        try store.put(try item(3, "three"), cas: nil, now: t0)
        #expect(store.get(try item(2).target, now: t0)?.sequence == 3)
    }

    @Test func compareAndSwapIsHonoured() throws {
        var store = ItemStore(capacity: 10, lifetime: .seconds(60))
        try store.put(try item(1), cas: nil, now: t0)
        let second = try item(2)
        do {
            try store.put(second, cas: 5, now: t0)
            Issue.record("cas mismatch accepted")
        } catch {
            #expect(error.code == 301)
        }
        try store.put(try item(2), cas: 1, now: t0)
    }

    @Test func refusesBadSignature() throws {
        var store = ItemStore(capacity: 10, lifetime: .seconds(60))
        let good = try item(1)
        let bad = try MutableItem(publicKey: good.publicKey, salt: [], sequence: 2, value: good.value, signature: good.signature)
        do {
            try store.put(bad, cas: nil, now: t0)
            Issue.record("bad signature stored")
        } catch {
            #expect(error.code == 206)
        }
        #expect(store.count == 0)
    }

    @Test func itemsExpireAndCapacityIsBounded() throws {
        var store = ItemStore(capacity: 3, lifetime: .seconds(60))
        let keys = (0..<5).map { _ in PrivateKey.generate() }
        for (i, k) in keys.enumerated() {
            try store.put(try MutableItem.sign(value: .integer(Int64(i)), salt: [], sequence: 1, key: k), cas: nil, now: t0 + .seconds(i))
        }
        #expect(store.count == 3)
        // The two least recently written were evicted.
        #expect(store.get(NodeID.target(publicKey: keys[0].publicKey.data, salt: []), now: t0 + .seconds(5)) == nil)
        #expect(store.get(NodeID.target(publicKey: keys[4].publicKey.data, salt: []), now: t0 + .seconds(5)) != nil)
        #expect(store.get(NodeID.target(publicKey: keys[4].publicKey.data, salt: []), now: t0 + .seconds(70)) == nil)
        store.expire(now: t0 + .seconds(100))
        #expect(store.count == 0)
    }
}
