/// What a resolver reads from the store for one name, in one statement: the current record's bytes
/// exactly as stored (undecoded: the resolver validates them, and remembers verdicts for bytes it
/// has already validated) and the highest sequence ever seen for the name.
public struct RecordLookup: Sendable, Equatable {
    /// The current record's serialized bytes, `nil` when none is held.
    public let bytes: [UInt8]?
    /// The highest sequence ever seen for the name (rollback protection), `nil` when none was.
    public let highestSeen: UInt64?
}
