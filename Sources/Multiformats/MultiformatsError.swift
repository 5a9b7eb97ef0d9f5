import NameCore

/// The one error type of the Multiformats module: a stable `code` to switch on and a human `reason`.
///
/// Equality compares `code` only, so tests can assert the exact failure.
public typealias MultiformatsError = CodedError<MultiformatsErrorCode>

/// The stable failure codes of `MultiformatsError`.
public struct MultiformatsErrorCode: ErrorCode {
    /// The stable string.
    public let rawValue: String
    /// Makes a code from its stable string.
    public init(rawValue: String) { self.rawValue = rawValue }
}

extension MultiformatsErrorCode {
    /// Input ended in the middle of a value.
    public static let truncated: Self = "truncated"

    /// A varint is longer than allowed or not minimally encoded.
    public static let overlongVarint: Self = "overlongVarint"

    /// The multibase prefix character is not one namectl knows.
    public static let unsupportedMultibase: Self = "unsupportedMultibase"

    /// A character is not in the multibase alphabet.
    public static let invalidCharacter: Self = "invalidCharacter"

    /// Padding or trailing bits are wrong for the base.
    public static let invalidPadding: Self = "invalidPadding"

    /// The multihash's declared length does not match its digest.
    public static let invalidMultihash: Self = "invalidMultihash"

    /// The multihash function is not supported where it was used.
    public static let unsupportedHash: Self = "unsupportedHash"

    /// The CID is malformed (version, codec or layout).
    public static let invalidCID: Self = "invalidCID"

    /// Bytes were left over after a complete value.
    public static let trailingBytes: Self = "trailingBytes"

    /// A protobuf message is malformed.
    public static let invalidProtobuf: Self = "invalidProtobuf"

    /// The input was empty.
    public static let empty: Self = "empty"
}
