/// The one error type of NameRecord: a stable `code` (snake_case, used in JSON output and logs)
/// and a human `reason`. Equality compares `code` only.
public struct RecordError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Stable failure codes, one per validation rule.
    public enum Code: String, Sendable, CaseIterable {
        /// The serialized record exceeds 10 KiB.
        case recordTooLarge = "record_too_large"
        /// The protobuf envelope is malformed (truncated, overlong varint, repeated field, trailing bytes…).
        case malformedRecord = "malformed_record"
        /// No (or an empty) signatureV2: a V1-only record.
        case signatureV2Missing = "signature_v2_missing"
        /// No (or an empty) `data` field.
        case dataMissing = "data_missing"
        /// The DAG-CBOR `data` is malformed or lacks a required key.
        case invalidData = "invalid_data"
        /// signatureV2 does not verify under the name's key.
        case signatureV2Invalid = "signature_v2_invalid"
        /// The record's pubKey field belongs to a different name.
        case keyMismatch = "key_mismatch"
        /// The record's pubKey field is malformed or disagrees with the key embedded in the name.
        case pubKeyInvalid = "pubkey_invalid"
        /// The name only hashes its key and the record carries no pubKey.
        case publicKeyMissing = "public_key_missing"
        /// The key type cannot be verified by namectl (only Ed25519 can).
        case unsupportedKeyType = "unsupported_key_type"
        /// Legacy protobuf fields disagree with the signed CBOR fields.
        case fieldMismatch = "pb_cbor_mismatch"
        /// ValidityType is not EOL (0).
        case unsupportedValidityType = "unsupported_validity_type"
        /// Validity is not an RFC 3339 timestamp.
        case invalidValidity = "invalid_validity"
        /// The record's EOL has passed.
        case expired = "expired"
        /// The record's sequence is lower than one already seen for the name (rollback).
        case rollback = "rollback"
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
