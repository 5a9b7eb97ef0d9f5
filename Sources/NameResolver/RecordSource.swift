import NameKeys
import NameRecord

/// A place candidate records for a name come from (local store, DNS, DHT, delegated HTTP…).
/// Sources only fetch; the resolver validates every candidate.
public protocol RecordSource: Sendable {
    /// A short label for results and logs (`local`, `dns`, `dht`, `http`).
    var label: String { get }
    /// Candidate records for `name` (possibly invalid, possibly none).
    func candidates(for name: Name) async throws -> [Record]
}
