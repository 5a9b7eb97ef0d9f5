import NameKeys

/// A record that passed a `RecordValidator` for `name`: the only form stores, caches and publish
/// transports accept, so nothing unvalidated can be stored, cached or served.
///
/// Only the validator makes one (its initializer is internal to NameRecord). Validation is
/// relative to a moment: a verified record can expire later, so readers that hold one for a long
/// time still check `record.validity` before serving it.
public struct VerifiedRecord: Sendable, Equatable {
    /// The record.
    public let record: Record
    /// The name it was verified for.
    public let name: Name

    init(record: Record, name: Name) {
        self.record = record
        self.name = name
    }

    /// The serialized record.
    public var bytes: [UInt8] { record.bytes }
    /// The record's sequence number (0 when absent).
    public var sequence: UInt64 { record.sequence ?? 0 }
}
