import NameKeys

/// What a validation check needs beyond the record itself.
public struct ValidationContext: Sendable {
    /// The name the record claims to be for.
    public let name: Name
    /// "Now", for the expiry check.
    public let now: Timestamp
    /// The highest sequence already seen for the name, for rollback protection (`nil`: none seen).
    public let highestSeenSequence: UInt64?

    /// Makes a context; `now` defaults to the wall clock.
    public init(name: Name, now: Timestamp = .now(), highestSeenSequence: UInt64? = nil) {
        self.name = name
        self.now = now
        self.highestSeenSequence = highestSeenSequence
    }
}

/// One small validation rule. Throws a `RecordError` naming the precise failure.
public protocol RecordCheck: Sendable {
    /// Checks `record` in `context`.
    func check(_ record: Record, in context: ValidationContext) throws(RecordError)
}
