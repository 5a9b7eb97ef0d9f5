/// What became of a publish beyond the local store.
public enum PublishStatus: String, Sendable, Equatable {
    /// Stored locally; no network transport was asked.
    case local
    /// At least the required number of transports confirmed it.
    case confirmed
    /// Transports were asked but fewer than required confirmed it (possibly none). The record
    /// stays, and its sequence stays used: a transport that timed out may have stored it.
    case unconfirmed
}
