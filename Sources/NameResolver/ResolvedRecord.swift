import NameKeys
import NameRecord

/// A validated record for a name and where it came from (what `NameResolver.stream` yields).
public struct ResolvedRecord: Sendable, Equatable {
    /// The name.
    public let name: Name
    /// The validated record.
    public let verified: VerifiedRecord
    /// The source the record first came from.
    public let source: EndpointIdentity
    /// Whether it was served from the in-memory cache.
    public var cached: Bool = false

    /// Makes a resolved record.
    public init(verified: VerifiedRecord, source: EndpointIdentity, cached: Bool = false) {
        self.name = verified.name
        self.verified = verified
        self.source = source
        self.cached = cached
    }

    /// The record.
    public var record: Record { verified.record }
}
