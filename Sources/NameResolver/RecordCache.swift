import NameKeys
import NameRecord
import Synchronization

/// Verified records by name, fresh for min(TTL, EOL) and servable stale (for stale-while-
/// revalidate) until EOL, bounded in bytes. A newer record is never replaced by an older one.
final class RecordCache: Sendable {
    struct Entry: Sendable {
        let record: VerifiedRecord
        let source: EndpointIdentity
        let freshUntil: Timestamp
        let eol: Timestamp
        var refreshing: Bool
    }

    enum Lookup {
        case fresh(Entry)
        case stale(Entry, shouldRefresh: Bool)
        case miss
    }

    private let entries: Mutex<ByteBoundedMap<Name, Entry>>

    /// A cache holding at most `limit` bytes of records.
    init(limit: Int) { entries = Mutex(ByteBoundedMap(limit: limit)) }

    /// The entry for `name`: fresh, stale (the first caller is told to refresh it), or a miss.
    func lookup(_ name: Name, now: Timestamp) -> Lookup {
        entries.withLock { map in
            guard let e = map[name] else { return .miss }
            if now >= e.eol {
                map.remove(name)
                return .miss
            }
            if now < e.freshUntil { return .fresh(e) }
            let first = !e.refreshing
            map.update(name) { $0.refreshing = true }
            return .stale(e, shouldRefresh: first)
        }
    }

    /// Keeps `record` unless a better one is held.
    func store(_ record: VerifiedRecord, source: EndpointIdentity, now: Timestamp) {
        guard let eol = record.record.validity else { return }
        let fresh = min(now.adding(nanoseconds: record.record.ttl ?? 0), eol)
        let cost = 192 + record.bytes.count
        entries.withLock { map in
            if let existing = map[record.name], now < existing.eol,
               RecordSelection.isPreferred(existing.record.record, over: record.record) || existing.record.bytes == record.bytes {
                map.update(record.name) { e in
                    e = Entry(record: e.record, source: e.source, freshUntil: max(e.freshUntil, fresh), eol: e.eol, refreshing: false)
                }
                return
            }
            map.insert(record.name, Entry(record: record, source: source, freshUntil: fresh, eol: eol, refreshing: false), cost: cost)
        }
    }

    /// A background refresh failed: the next stale hit may try again.
    func refreshFailed(_ name: Name) {
        entries.withLock { $0.update(name) { $0.refreshing = false } }
    }

    /// Drops the entry for `name`.
    func remove(_ name: Name) { entries.withLock { $0.remove(name) } }

    /// Drops everything.
    func removeAll() { entries.withLock { $0.removeAll() } }

    /// Bytes held.
    var bytes: Int { entries.withLock { $0.bytes } }
}
