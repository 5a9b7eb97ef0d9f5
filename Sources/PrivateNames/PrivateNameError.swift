import NameCore

/// The one error type of PrivateNames: a stable `code` and a human `reason`; equality on `code` only.
public typealias PrivateNameError = CodedError<PrivateNameErrorCode>

/// The stable failure codes of `PrivateNameError`.
public struct PrivateNameErrorCode: ErrorCode {
    /// The stable string.
    public let rawValue: String
    /// Makes a code from its stable string.
    public init(rawValue: String) { self.rawValue = rawValue }
}

extension PrivateNameErrorCode {
    /// The label is empty, too long, or holds control characters.
    public static let invalidLabel: Self = "invalid_label"

    /// The text is not a private address (wrong prefix, characters, length or layout).
    public static let invalidAddress: Self = "invalid_address"

    /// The private address's checksum does not match: a character was mistyped, lost or swapped.
    public static let addressChecksum: Self = "address_checksum"

    /// The owner's key cannot be blinded (not Ed25519, or not a valid prime-order curve point).
    public static let unblindableKey: Self = "unblindable_key"

    /// The record's value does not decrypt under the owner's key and label.
    public static let decryptionFailed: Self = "decryption_failed"

    /// The value decrypted but its inner layout is not one namectl writes.
    public static let malformedPrivateValue: Self = "malformed_private_value"

    /// The home's kept private labels (`PrivateLabelBook`) cannot be read or written.
    public static let storageError: Self = "storage_error"
}
