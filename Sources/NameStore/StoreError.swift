/// Errors of the local state database, with stable codes.
public struct StoreError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Stable failure codes.
    public enum Code: String, Sendable {
        /// The database file is not SQLite or is damaged.
        case corruptDatabase = "corrupt_database"
        /// The data directory or database cannot be created or written (read-only home, permissions, disk full).
        case io = "io_error"
        /// The database is locked by another process for longer than the busy timeout.
        case busy = "database_busy"
        /// A record older than (or equal to) one already held or seen was offered.
        case staleRecord = "stale_record"
        /// A requested sequence number is not above what was already seen for the name.
        case sequenceTooLow = "sequence_too_low"
        /// The database was written by a newer namectl.
        case unsupportedSchema = "unsupported_schema"
    }

    /// What went wrong, stable across releases.
    public let code: Code
    /// A human explanation.
    public let reason: String

    /// Makes an error with a code and a reason.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { reason }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
