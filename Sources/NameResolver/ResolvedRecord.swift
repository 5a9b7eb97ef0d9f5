import NameKeys
import NameRecord

/// A validated record for a name and where it came from (what `NameResolver.stream` yields).
public struct ResolvedRecord: Sendable, Equatable {
    /// The name.
    public let name: Name
    /// The validated record.
    public let record: Record
    /// The source label (`local`, `dns`, `dht`, `http`…) the record first came from.
    public let source: String
    /// Whether it was served from the in-memory cache.
    public var cached: Bool = false
}
