import NameCore

/// Errors of the local state database, with stable codes.
public typealias StoreError = CodedError<StoreErrorCode>

/// The stable failure codes of `StoreError`.
public struct StoreErrorCode: ErrorCode {
    /// The stable string.
    public let rawValue: String
    /// Makes a code from its stable string.
    public init(rawValue: String) { self.rawValue = rawValue }
}

extension StoreErrorCode {
    /// The database file is not SQLite or is damaged.
    public static let corruptDatabase: Self = "corrupt_database"

    /// The data directory or database cannot be created or written (read-only home, permissions, disk full).
    public static let io: Self = "io_error"

    /// The database is locked by another process for longer than the busy timeout.
    public static let busy: Self = "database_busy"

    /// A record older than (or equal to) one already held or seen was offered.
    public static let staleRecord: Self = "stale_record"

    /// A requested sequence number is not above what was already seen for the name.
    public static let sequenceTooLow: Self = "sequence_too_low"

    /// The database was written by a newer namectl.
    public static let unsupportedSchema: Self = "unsupported_schema"
}
