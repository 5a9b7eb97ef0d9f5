import NameRecord

/// What racing the sources for one name produced.
struct RaceOutcome: Sendable {
    /// The best valid record and the source that gave it first.
    var best: (record: Record, source: String)?
    /// Validation failures, by source.
    var invalid: [(source: String, error: RecordError)] = []
    /// Source failures (errors, timeouts).
    var failed: [(source: String, reason: String)] = []
    /// How many sources agreed on the best record (same serialized bytes).
    var agreeing = 0
}
