/// Errors of the on-disk keystore, with stable codes.
public struct KeystoreError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Stable failure codes.
    public enum Code: String, Sendable {
        /// No key with that label.
        case keyNotFound = "key_not_found"
        /// A key with that label already exists (it is never overwritten).
        case keyExists = "key_exists"
        /// The label is not a safe file name (`[A-Za-z0-9._-]`, 1–64, not starting with `.`).
        case invalidLabel = "invalid_label"
        /// The passphrase does not decrypt the key.
        case wrongPassphrase = "wrong_passphrase"
        /// The key is encrypted and no passphrase was given.
        case passphraseRequired = "passphrase_required"
        /// The key file asks for Argon2id limits above libsodium's SENSITIVE ones (refused unrun, so a
        /// tampered file cannot make a load take hours or exhaust memory).
        case kdfLimitsTooHigh = "kdf_limits_too_high"
        /// The key file is damaged or not a namectl key file.
        case corruptKeyFile = "corrupt_key_file"
        /// A file-system operation failed (permissions, read-only home, disk full…).
        case io = "io_error"
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
