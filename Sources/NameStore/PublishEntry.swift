import NameKeys

/// One line of the publish history.
public struct PublishEntry: Sendable, Equatable {
    /// The published name.
    public let name: Name
    /// The sequence published.
    public let sequence: UInt64
    /// The value published (as text when UTF-8).
    public let value: String
    /// The record's EOL (RFC 3339).
    public let validity: String
    /// When, seconds since the Unix epoch.
    public let publishedAt: Double
    /// Whether transports confirmed it.
    public let status: PublishStatus
    /// The transports that confirmed it (source identities' text).
    public let reached: [String]
}
