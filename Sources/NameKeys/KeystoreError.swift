import NameCore

/// Errors of the on-disk keystore, with stable codes.
public typealias KeystoreError = CodedError<KeystoreErrorCode>

/// The stable failure codes of `KeystoreError`.
public struct KeystoreErrorCode: ErrorCode {
    /// The stable string.
    public let rawValue: String
    /// Makes a code from its stable string.
    public init(rawValue: String) { self.rawValue = rawValue }
}

extension KeystoreErrorCode {
    /// No key with that label.
    public static let keyNotFound: Self = "key_not_found"

    /// A key with that label already exists (it is never overwritten).
    public static let keyExists: Self = "key_exists"

    /// The label is not a safe file name (`[A-Za-z0-9._-]`, 1–64, not starting with `.`).
    public static let invalidLabel: Self = "invalid_label"

    /// The passphrase does not decrypt the key.
    public static let wrongPassphrase: Self = "wrong_passphrase"

    /// The key is encrypted and no passphrase was given.
    public static let passphraseRequired: Self = "passphrase_required"

    /// The key file asks for Argon2id limits above libsodium's SENSITIVE ones (refused unrun, so a
    /// tampered file cannot make a load take hours or exhaust memory).
    public static let kdfLimitsTooHigh: Self = "kdf_limits_too_high"

    /// The key file is damaged or not a namectl key file.
    public static let corruptKeyFile: Self = "corrupt_key_file"

    /// A file-system operation failed (permissions, read-only home, disk full…).
    public static let io: Self = "io_error"
}
