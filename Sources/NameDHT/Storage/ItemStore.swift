/// The items this node holds (BEP 44 storage side): those stored for others, bounded in count and
/// age with a quota per source address so that one address cannot evict everyone's items, and its
/// own.
///
/// Rules, in the order `put` applies them: the signature must verify (206); `cas`, when given, must
/// equal the stored sequence (301); a lower sequence than stored is refused (302); an equal sequence
/// keeps the stored item; a higher one replaces it. As in libtorrent, `cas` is only checked against an
/// item actually held. Items expire `lifetime` after their last write.
///
/// Fair eviction: a source address at its quota (`perSourceCapacity`) replaces its own least recently
/// written item; when the store is full (`capacity` items for others), the least recently written item
/// of the source holding the most items goes. A flood from one address thus only churns that
/// address's share.
///
/// Own items (written with an empty source: what this node published or rebroadcast itself, i.e. the
/// names it owns or follows) are outside the quotas: others' puts never evict them and they do not
/// count against `capacity`. They expire like the rest unless re-put, so an item the node stopped
/// keeping alive goes after `lifetime`. A newer sequence for an own item's target, whoever puts it,
/// stays own (the followed name's current item). Items seen in lookups are never stored.
struct ItemStore: Sendable {
    struct Stored: Sendable {
        var item: MutableItem
        var written: ContinuousClock.Instant
        /// The IP address whose put stored it (empty for our own items).
        var source: [UInt8]
        var isOwn: Bool { source.isEmpty }
    }

    /// Why a put was refused, with the BEP 44 error code to answer.
    struct Refusal: Error, Sendable {
        let code: Int64
        let message: String
    }

    let capacity: Int
    let perSourceCapacity: Int
    let lifetime: Duration
    private(set) var items: [NodeID: Stored] = [:]
    /// Items held for each source address (own items are not counted).
    private var perSource: [[UInt8]: Int] = [:]
    private(set) var ownCount = 0

    init(capacity: Int, perSourceCapacity: Int? = nil, lifetime: Duration) {
        self.capacity = capacity
        self.perSourceCapacity = max(1, perSourceCapacity ?? capacity)
        self.lifetime = lifetime
    }

    /// All items held, own and others'.
    var count: Int { items.count }

    /// Items held for others (bounded by `capacity`).
    var othersCount: Int { items.count - ownCount }

    /// Items stored on behalf of `source`.
    func count(from source: [UInt8]) -> Int { perSource[source, default: 0] }

    /// Stores `item` (already bounds-checked by `MutableItem.init`) written by `source` (empty: our own).
    mutating func put(_ item: MutableItem, cas: Int64?, from source: [UInt8] = [], now: ContinuousClock.Instant) throws(Refusal) {
        guard item.verify() else { throw Refusal(code: 206, message: "invalid signature") }
        let target = item.target
        let stored = live(target, now: now)
        if let stored {
            if let cas, cas != stored.item.sequence { throw Refusal(code: 301, message: "CAS mismatch") }
            if item.sequence < stored.item.sequence { throw Refusal(code: 302, message: "sequence number less than current") }
            if item.sequence == stored.item.sequence {
                items[target]?.written = now
                return
            }
        }
        let holder = stored?.isOwn == true ? [] : source
        remove(target)
        if holder.isEmpty {
            items[target] = Stored(item: item, written: now, source: [])
            ownCount += 1
            return
        }
        if perSource[source, default: 0] >= perSourceCapacity {
            expire(now: now)
            if perSource[source, default: 0] >= perSourceCapacity, let own = oldest(where: { $0.source == source }) { remove(own) }
        }
        if othersCount >= capacity {
            expire(now: now)
            if othersCount >= capacity, let greediest = perSource.max(by: { $0.value < $1.value })?.key,
               let victim = oldest(where: { $0.source == greediest }) {
                remove(victim)
            }
        }
        items[target] = Stored(item: item, written: now, source: source)
        perSource[source, default: 0] += 1
    }

    /// The live item stored under `target`.
    func get(_ target: NodeID, now: ContinuousClock.Instant) -> MutableItem? { live(target, now: now)?.item }

    private func live(_ target: NodeID, now: ContinuousClock.Instant) -> Stored? {
        guard let s = items[target], now - s.written < lifetime else { return nil }
        return s
    }

    private func oldest(where predicate: (Stored) -> Bool) -> NodeID? {
        items.filter { predicate($0.value) }.min(by: { $0.value.written < $1.value.written })?.key
    }

    private mutating func remove(_ target: NodeID) {
        guard let s = items.removeValue(forKey: target) else { return }
        if s.isOwn {
            ownCount -= 1
            return
        }
        perSource[s.source, default: 1] -= 1
        if perSource[s.source] == 0 { perSource[s.source] = nil }
    }

    /// Drops expired items.
    mutating func expire(now: ContinuousClock.Instant) {
        for (target, s) in items where now - s.written >= lifetime { remove(target) }
    }
}
