/// The one error type of the Multiformats module: a stable `code` to switch on and a human `reason`.
///
/// Equality compares `code` only, so tests can assert the exact failure.
public struct MultiformatsError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Stable failure codes.
    public enum Code: String, Sendable {
        /// Input ended in the middle of a value.
        case truncated
        /// A varint is longer than allowed or not minimally encoded.
        case overlongVarint
        /// The multibase prefix character is not one namectl knows.
        case unsupportedMultibase
        /// A character is not in the multibase alphabet.
        case invalidCharacter
        /// Padding or trailing bits are wrong for the base.
        case invalidPadding
        /// The multihash's declared length does not match its digest.
        case invalidMultihash
        /// The multihash function is not supported where it was used.
        case unsupportedHash
        /// The CID is malformed (version, codec or layout).
        case invalidCID
        /// Bytes were left over after a complete value.
        case trailingBytes
        /// A protobuf message is malformed.
        case invalidProtobuf
        /// The input was empty.
        case empty
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

    public var description: String { "\(code.rawValue): \(reason)" }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
