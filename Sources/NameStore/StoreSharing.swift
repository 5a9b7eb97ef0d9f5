/// How one process shares its connection(s) to the store.
public enum StoreSharing: Sendable {
    /// A connection pool: concurrent readers beside one writer. For long-lived processes (the
    /// daemon, a gateway) that read from many tasks at once.
    case pool
    /// One connection, opened without writing anything: no WAL set-up commit on open and so no
    /// checkpoint on exit when the process only read. For short-lived commands (`namectl resolve`).
    case single
}
