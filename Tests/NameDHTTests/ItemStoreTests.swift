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
            try store.put(try MutableItem.sign(value: .integer(Int64(i)), salt: [], sequence: 1, key: k), cas: nil,
                          from: [1, 2, 3, 4], now: t0 + .seconds(i))
        }
        #expect(store.count == 3)
        // The two least recently written were evicted.
        #expect(store.get(NodeID.target(publicKey: keys[0].publicKey.data, salt: []), now: t0 + .seconds(5)) == nil)
        #expect(store.get(NodeID.target(publicKey: keys[4].publicKey.data, salt: []), now: t0 + .seconds(5)) != nil)
        #expect(store.get(NodeID.target(publicKey: keys[4].publicKey.data, salt: []), now: t0 + .seconds(70)) == nil)
        store.expire(now: t0 + .seconds(100))
        #expect(store.count == 0)
    }

    @Test func oneSourceAtItsQuotaOnlyChurnsItsOwnItems() throws {
        var store = ItemStore(capacity: 6, perSourceCapacity: 3, lifetime: .seconds(3600))
        let honest: [UInt8] = [1, 2, 3, 4], flooder: [UInt8] = [6, 6, 6, 6]
        let honestKeys = (0..<3).map { _ in PrivateKey.generate() }
        for (i, k) in honestKeys.enumerated() {
            try store.put(try MutableItem.sign(value: .integer(1), salt: [], sequence: 1, key: k), cas: nil, from: honest, now: t0 + .seconds(i))
        }
        // The flooder writes 20 items: it never holds more than its quota, and evicts only its own.
        for i in 0..<20 {
            try store.put(try MutableItem.sign(value: .integer(Int64(i)), salt: [], sequence: 1, key: PrivateKey.generate()), cas: nil,
                          from: flooder, now: t0 + .seconds(10 + i))
        }
        #expect(store.count(from: flooder) == 3)
        #expect(store.count(from: honest) == 3)
        for k in honestKeys {
            #expect(store.get(NodeID.target(publicKey: k.publicKey.data, salt: []), now: t0 + .seconds(40)) != nil)
        }
    }

    @Test func aFullStoreEvictsFromTheSourceHoldingTheMost() throws {
        var store = ItemStore(capacity: 4, perSourceCapacity: 3, lifetime: .seconds(3600))
        let a: [UInt8] = [1, 1, 1, 1], b: [UInt8] = [2, 2, 2, 2], c: [UInt8] = [3, 3, 3, 3]
        let aKey = PrivateKey.generate()
        try store.put(try MutableItem.sign(value: .integer(0), salt: [], sequence: 1, key: aKey), cas: nil, from: a, now: t0)
        for i in 1...3 {
            try store.put(try MutableItem.sign(value: .integer(Int64(i)), salt: [], sequence: 1, key: PrivateKey.generate()), cas: nil,
                          from: b, now: t0 + .seconds(i))
        }
        try store.put(try MutableItem.sign(value: .integer(9), salt: [], sequence: 1, key: PrivateKey.generate()), cas: nil, from: c, now: t0 + .seconds(9))
        #expect(store.count == 4)
        #expect(store.count(from: b) == 2, "the biggest source lost its oldest item")
        #expect(store.count(from: a) == 1, "the oldest item overall survived: it belongs to a small source")
        #expect(store.get(NodeID.target(publicKey: aKey.publicKey.data, salt: []), now: t0 + .seconds(10)) != nil)
    }

    /// Own items (the names this node owns or follows, put by itself) are outside the quotas: others
    /// filling the store never evict them, and they do not take others' room.
    @Test func othersFillingTheStoreNeverEvictOwnItems() throws {
        var store = ItemStore(capacity: 4, perSourceCapacity: 2, lifetime: .seconds(3600))
        let ownKeys = (0..<3).map { _ in PrivateKey.generate() }
        for k in ownKeys { try store.put(try MutableItem.sign(value: .integer(1), salt: [], sequence: 1, key: k), cas: nil, now: t0) }
        for i in 0..<40 {
            try store.put(try MutableItem.sign(value: .integer(Int64(i)), salt: [], sequence: 1, key: PrivateKey.generate()), cas: nil,
                          from: [9, 9, UInt8(i % 5), 1], now: t0 + .seconds(1 + i))
        }
        #expect(store.othersCount == 4, "others' items stay within capacity")
        #expect(store.ownCount == 3)
        for k in ownKeys { #expect(store.get(NodeID.target(publicKey: k.publicKey.data, salt: []), now: t0 + .seconds(60)) != nil) }
    }

    /// A newer sequence of an own item's target, put by another node, stays own; own items that are not
    /// re-put expire like any other, so a name the node stopped keeping alive leaves no item behind.
    @Test func ownItemsFollowNewerSequencesAndExpireUnlessReput() throws {
        var store = ItemStore(capacity: 1, perSourceCapacity: 1, lifetime: .seconds(60))
        try store.put(try item(1), cas: nil, now: t0)
        try store.put(try item(2), cas: nil, from: [5, 5, 5, 5], now: t0 + .seconds(1))
        #expect(store.ownCount == 1 && store.othersCount == 0)
        #expect(store.get(try item(2).target, now: t0 + .seconds(2))?.sequence == 2)
        let stranger = try MutableItem.sign(value: .integer(1), salt: [], sequence: 1, key: PrivateKey.generate())
        try store.put(stranger, cas: nil, from: [5, 5, 5, 5], now: t0 + .seconds(2))
        #expect(store.othersCount == 1, "the own item took none of the others' room")
        try store.put(try item(2), cas: nil, now: t0 + .seconds(50))
        store.expire(now: t0 + .seconds(100))
        #expect(store.ownCount == 1, "re-put at 50 s: still held at 100 s")
        #expect(store.othersCount == 0)
        store.expire(now: t0 + .seconds(111))
        #expect(store.count == 0)
    }
}
