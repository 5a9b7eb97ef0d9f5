/// The one error type of PrivateNames: a stable `code` and a human `reason`; equality on `code` only.
public struct PrivateNameError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Stable failure codes.
    public enum Code: String, Sendable, CaseIterable {
        /// The label is empty, too long, or holds control characters.
        case invalidLabel = "invalid_label"
        /// The text is not a private address (wrong prefix, characters, length or layout).
        case invalidAddress = "invalid_address"
        /// The private address's checksum does not match: a character was mistyped, lost or swapped.
        case addressChecksum = "address_checksum"
        /// The owner's key cannot be blinded (not Ed25519, or not a valid prime-order curve point).
        case unblindableKey = "unblindable_key"
        /// The record's value does not decrypt under the owner's key and label.
        case decryptionFailed = "decryption_failed"
        /// The value decrypted but its inner layout is not one namectl writes.
        case malformedPrivateValue = "malformed_private_value"
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
