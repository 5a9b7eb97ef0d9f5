import NameRecord
import Synchronization

/// An in-memory map from input path to resolution, each entry valid until a deadline
/// (min of TTL and EOL over every record in the chain).
final class ResolutionCache: Sendable {
    private struct Entry {
        let resolution: Resolution
        let until: Timestamp
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let capacity: Int

    init(capacity: Int = 100_000) { self.capacity = capacity }

    func lookup(_ key: String, now: Timestamp) -> Resolution? {
        entries.withLock { map in
            guard let e = map[key] else { return nil }
            if now < e.until { return e.resolution }
            map[key] = nil
            return nil
        }
    }

    func store(_ key: String, _ resolution: Resolution, until: Timestamp) {
        entries.withLock { map in
            if map.count >= capacity { map.removeAll(keepingCapacity: true) }
            map[key] = Entry(resolution: resolution, until: until)
        }
    }

    func removeAll() { entries.withLock { $0.removeAll() } }
}
