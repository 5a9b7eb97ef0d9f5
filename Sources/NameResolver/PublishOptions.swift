/// How a record is made when publishing.
public struct PublishOptions: Sendable {
    /// How long the record stays valid, in nanoseconds (Kubo's default: 48 h).
    public var lifetime: UInt64 = 48 * 3_600_000_000_000
    /// How long resolvers may cache it, in nanoseconds (Kubo's default: 1 h).
    public var ttl: UInt64 = 3_600_000_000_000
    /// An explicit sequence; must exceed everything seen for the name. `nil`: next after the highest seen.
    public var sequence: UInt64?

    /// Defaults: 48 h lifetime, 1 h TTL, automatic sequence.
    public init(lifetime: UInt64 = 48 * 3_600_000_000_000, ttl: UInt64 = 3_600_000_000_000, sequence: UInt64? = nil) {
        self.lifetime = lifetime
        self.ttl = ttl
        self.sequence = sequence
    }
}
