import NameRecord
import Synchronization

/// Finished resolutions by normalised path (`/ipns/<name>/a/b`), each until min(TTL, EOL) of the
/// records it used, bounded in bytes.
final class ResolutionCache: Sendable {
    private struct Entry: Sendable {
        let resolution: Resolution
        let until: Timestamp
    }

    private let entries: Mutex<ByteBoundedMap<String, Entry>>

    /// A cache holding at most `limit` bytes (keys, values and hops).
    init(limit: Int) { entries = Mutex(ByteBoundedMap(limit: limit)) }

    func lookup(_ key: String, now: Timestamp) -> Resolution? {
        entries.withLock { map in
            guard let e = map[key] else { return nil }
            if now < e.until { return e.resolution }
            map.remove(key)
            return nil
        }
    }

    func store(_ key: String, _ resolution: Resolution, until: Timestamp) {
        let cost = 256 + key.utf8.count + resolution.value.utf8.count + resolution.hops.reduce(0) { $0 + $1.utf8.count + 16 }
        entries.withLock { $0.insert(key, Entry(resolution: resolution, until: until), cost: cost) }
    }

    func removeAll() { entries.withLock { $0.removeAll() } }

    /// Bytes held.
    var bytes: Int { entries.withLock { $0.bytes } }
}
