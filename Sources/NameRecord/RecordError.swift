import NameCore

/// The one error type of NameRecord: a stable `code` (snake_case, used in JSON output and logs)
/// and a human `reason`. Equality compares `code` only.
public typealias RecordError = CodedError<RecordErrorCode>

/// The stable failure codes of `RecordError`.
public struct RecordErrorCode: ErrorCode {
    /// The stable string.
    public let rawValue: String
    /// Makes a code from its stable string.
    public init(rawValue: String) { self.rawValue = rawValue }
}

extension RecordErrorCode {
    /// The serialized record exceeds 10 KiB.
    public static let recordTooLarge: Self = "record_too_large"

    /// The protobuf envelope is malformed (truncated, overlong varint, repeated field, trailing bytes…).
    public static let malformedRecord: Self = "malformed_record"

    /// No (or an empty) signatureV2: a V1-only record.
    public static let signatureV2Missing: Self = "signature_v2_missing"

    /// No (or an empty) `data` field.
    public static let dataMissing: Self = "data_missing"

    /// The DAG-CBOR `data` is malformed or lacks a required key.
    public static let invalidData: Self = "invalid_data"

    /// signatureV2 does not verify under the name's key.
    public static let signatureV2Invalid: Self = "signature_v2_invalid"

    /// The record's pubKey field belongs to a different name.
    public static let keyMismatch: Self = "key_mismatch"

    /// The record's pubKey field is malformed or disagrees with the key embedded in the name.
    public static let pubKeyInvalid: Self = "pubkey_invalid"

    /// The name only hashes its key and the record carries no pubKey.
    public static let publicKeyMissing: Self = "public_key_missing"

    /// The key type cannot be verified by namectl (only Ed25519 can).
    public static let unsupportedKeyType: Self = "unsupported_key_type"

    /// Legacy protobuf fields disagree with the signed CBOR fields.
    public static let fieldMismatch: Self = "pb_cbor_mismatch"

    /// ValidityType is not EOL (0).
    public static let unsupportedValidityType: Self = "unsupported_validity_type"

    /// Validity is not an RFC 3339 timestamp.
    public static let invalidValidity: Self = "invalid_validity"

    /// The record's EOL has passed.
    public static let expired: Self = "expired"

    /// The record's sequence is lower than one already seen for the name (rollback).
    public static let rollback: Self = "rollback"
}

extension CodedError {
    /// Makes an error caused by a record validation failure.
    public init(_ code: Code, _ reason: String, recordError: RecordError?) {
        self.init(code, reason, cause: recordError)
    }

    /// The record validation failure behind this error, when one caused it.
    public var recordError: RecordError? { cause as? RecordError }
}
