import NameKeys
import NameRecord

/// A record held in the local store, with where it came from and when.
public struct StoredRecord: Sendable, Equatable {
    /// The name it is for.
    public let name: Name
    /// The signed record.
    public let record: NameRecord.Record
    /// Where it came from: `local` (published here), `import`, `dns`, `dht`, `http`…
    public let source: String
    /// When it was stored, seconds since the Unix epoch.
    public let fetchedAt: Double
}
