/// A map whose entries each have a byte cost and whose total cost never exceeds a bound: inserting
/// past it evicts the oldest entries first. Not thread-safe on its own (the caches guard it).
struct ByteBoundedMap<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Slot: Sendable {
        var value: Value
        let cost: Int
        let stamp: UInt64
    }

    private var slots: [Key: Slot] = [:]
    /// Insertion order (key, stamp); entries whose stamp no longer matches were replaced or removed.
    private var order: [(key: Key, stamp: UInt64)] = []
    private var head = 0
    private var nextStamp: UInt64 = 0
    /// The total cost held.
    private(set) var bytes = 0
    /// The most the map may hold, in bytes.
    let limit: Int

    init(limit: Int) { self.limit = max(0, limit) }

    var count: Int { slots.count }

    subscript(key: Key) -> Value? { slots[key]?.value }

    /// Inserts or replaces `key`; an entry costing more than the whole limit is not kept.
    mutating func insert(_ key: Key, _ value: Value, cost: Int) {
        remove(key)
        guard cost <= limit else { return }
        while bytes + cost > limit, evictOldest() {}
        nextStamp &+= 1
        slots[key] = Slot(value: value, cost: cost, stamp: nextStamp)
        order.append((key, nextStamp))
        bytes += cost
    }

    /// Changes the value of an existing entry in place (same cost, same age).
    mutating func update(_ key: Key, _ body: (inout Value) -> Void) {
        guard var slot = slots[key] else { return }
        body(&slot.value)
        slots[key] = slot
    }

    /// Removes `key`.
    mutating func remove(_ key: Key) {
        guard let slot = slots.removeValue(forKey: key) else { return }
        bytes -= slot.cost
    }

    /// Removes everything.
    mutating func removeAll() {
        slots.removeAll()
        order.removeAll()
        head = 0
        bytes = 0
    }

    private mutating func evictOldest() -> Bool {
        while head < order.count {
            let (key, stamp) = order[head]
            head += 1
            if let slot = slots[key], slot.stamp == stamp {
                slots[key] = nil
                bytes -= slot.cost
                compact()
                return true
            }
        }
        compact()
        return false
    }

    private mutating func compact() {
        if head > 1024 && head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
    }
}
