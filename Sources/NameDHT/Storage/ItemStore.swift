/// The items this node stores for others (BEP 44 storage side), bounded in count and age.
///
/// Rules, in the order `put` applies them: the signature must verify (206); `cas`, when given, must
/// equal the stored sequence (301); a lower sequence than stored is refused (302); an equal sequence
/// keeps the stored item; a higher one replaces it. When full, the least recently written item is
/// evicted. As in libtorrent, `cas` is only checked against an item actually held. Items expire `lifetime` after their last write.
struct ItemStore: Sendable {
    struct Stored: Sendable {
        var item: MutableItem
        var written: ContinuousClock.Instant
    }

    /// Why a put was refused, with the BEP 44 error code to answer.
    struct Refusal: Error, Sendable {
        let code: Int64
        let message: String
    }

    let capacity: Int
    let lifetime: Duration
    private(set) var items: [NodeID: Stored] = [:]

    init(capacity: Int, lifetime: Duration) {
        self.capacity = capacity
        self.lifetime = lifetime
    }

    var count: Int { items.count }

    /// Stores `item` (already bounds-checked by `MutableItem.init`).
    mutating func put(_ item: MutableItem, cas: Int64?, now: ContinuousClock.Instant) throws(Refusal) {
        guard item.verify() else { throw Refusal(code: 206, message: "invalid signature") }
        let target = item.target
        if let stored = live(target, now: now) {
            if let cas, cas != stored.item.sequence { throw Refusal(code: 301, message: "CAS mismatch") }
            if item.sequence < stored.item.sequence { throw Refusal(code: 302, message: "sequence number less than current") }
            if item.sequence == stored.item.sequence {
                items[target]?.written = now
                return
            }
        }
        if items[target] == nil, items.count >= capacity { evict(now: now) }
        items[target] = Stored(item: item, written: now)
    }

    /// The live item stored under `target`.
    func get(_ target: NodeID, now: ContinuousClock.Instant) -> MutableItem? { live(target, now: now)?.item }

    private func live(_ target: NodeID, now: ContinuousClock.Instant) -> Stored? {
        guard let s = items[target], now - s.written < lifetime else { return nil }
        return s
    }

    /// Drops expired items, then the oldest-written one if still full.
    private mutating func evict(now: ContinuousClock.Instant) {
        expire(now: now)
        if items.count >= capacity, let oldest = items.min(by: { $0.value.written < $1.value.written })?.key {
            items[oldest] = nil
        }
    }

    /// Drops expired items.
    mutating func expire(now: ContinuousClock.Instant) {
        items = items.filter { now - $0.value.written < lifetime }
    }
}
