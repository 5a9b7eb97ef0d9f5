import NameKeys

/// Runs a list of `RecordCheck`s in order; the first failure is the verdict.
///
/// ```swift
/// let record = try Record(bytes: bytes)
/// try RecordValidator.standard.validate(record, for: name)
/// ```
public struct RecordValidator: Sendable {
    /// The checks, in the order they run.
    public let checks: [any RecordCheck]

    /// A validator with custom checks.
    public init(checks: [any RecordCheck]) { self.checks = checks }

    /// The IPNS spec's rules: size, V2 present, key ↔ name, V2 signature, V1/V2 field agreement,
    /// validity type, expiry, and rollback against the highest sequence seen (when one is given).
    public static let standard = RecordValidator(checks: [
        SizeCheck(), SignatureV2PresenceCheck(), SignatureV2Check(), FieldAgreementCheck(),
        ValidityTypeCheck(), ExpiryCheck(), NoRollbackCheck(),
    ])

    /// Validates `record` in `context`; the result is the only way to get a `VerifiedRecord`.
    @discardableResult
    public func validate(_ record: Record, in context: ValidationContext) throws(RecordError) -> VerifiedRecord {
        for check in checks { try check.check(record, in: context) }
        return VerifiedRecord(record: record, name: context.name)
    }

    /// Validates `record` for `name` at the current time.
    @discardableResult
    public func validate(_ record: Record, for name: Name, highestSeenSequence: UInt64? = nil) throws(RecordError) -> VerifiedRecord {
        try validate(record, in: ValidationContext(name: name, highestSeenSequence: highestSeenSequence))
    }

    /// Decodes and validates serialized record bytes for `name`.
    @discardableResult
    public func validate(bytes: [UInt8], for name: Name, highestSeenSequence: UInt64? = nil) throws(RecordError) -> VerifiedRecord {
        try validate(try Record(bytes: bytes), for: name, highestSeenSequence: highestSeenSequence)
    }

    /// Decodes and validates serialized record bytes in `context`.
    @discardableResult
    public func validate(bytes: [UInt8], in context: ValidationContext) throws(RecordError) -> VerifiedRecord {
        try validate(try Record(bytes: bytes), in: context)
    }
}
