import NameKeys
import NameRecord
import Synchronization

/// Validated records per name, kept until EOL. Fresh until TTL; between TTL and EOL a record is
/// *stale*: served at once while one (and only one) background refresh runs per TTL window.
final class RecordCache: Sendable {
    struct Entry: Sendable {
        let record: Record
        let source: String
        let freshUntil: Timestamp
        let eol: Timestamp
        var refreshing: Bool
    }

    enum Lookup {
        case fresh(Entry)
        /// Stale entry; `shouldRefresh` is true for exactly one caller per TTL window.
        case stale(Entry, shouldRefresh: Bool)
        case miss
    }

    private let entries = Mutex<[Name: Entry]>([:])

    func lookup(_ name: Name, now: Timestamp) -> Lookup {
        entries.withLock { map in
            guard var e = map[name] else { return .miss }
            if now >= e.eol {
                map[name] = nil
                return .miss
            }
            if now < e.freshUntil { return .fresh(e) }
            let first = !e.refreshing
            e.refreshing = true
            map[name] = e
            return .stale(e, shouldRefresh: first)
        }
    }

    func store(_ name: Name, record: Record, source: String, now: Timestamp) {
        guard let eol = record.validity else { return }
        let fresh = min(now.adding(nanoseconds: record.ttl ?? 0), eol)
        entries.withLock { map in
            if let existing = map[name], RecordSelection.isPreferred(existing.record, over: record), now < existing.eol {
                var kept = existing
                kept.refreshing = false
                map[name] = Entry(record: kept.record, source: kept.source, freshUntil: max(kept.freshUntil, fresh), eol: kept.eol, refreshing: false)
                return
            }
            map[name] = Entry(record: record, source: source, freshUntil: fresh, eol: eol, refreshing: false)
        }
    }

    /// A refresh ended without a result: allow another one in this window later.
    func refreshFailed(_ name: Name) {
        entries.withLock { map in map[name]?.refreshing = false }
    }

    func removeAll() { entries.withLock { $0.removeAll() } }
}
