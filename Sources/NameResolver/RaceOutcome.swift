import NameRecord

/// What a race found: the best valid record and who gave it, the invalid candidates, the sources
/// that failed, and how many sources agreed on the best record.
struct RaceOutcome: Sendable {
    var best: (record: VerifiedRecord, source: EndpointIdentity)?
    var invalid: [(source: EndpointIdentity, error: RecordError)] = []
    var failed: [(source: EndpointIdentity, reason: String)] = []
    var agreeing = 0
    /// Whether the race stopped at the resolution deadline.
    var deadlineReached = false
}
