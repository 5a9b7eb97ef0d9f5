/// What `NameStore.put` did with an offered record.
public enum PutOutcome: Sendable, Equatable {
    /// The record is now the current one for its name.
    case stored
    /// The exact same record was already current.
    case unchanged
}
