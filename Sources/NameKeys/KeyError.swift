/// The one error type of NameKeys: a stable `code` and a human `reason`; equality on `code` only.
public struct KeyError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Stable failure codes.
    public enum Code: String, Sendable {
        /// The text is not an IPNS name in any accepted form.
        case invalidName = "invalid_name"
        /// The CID's codec is not libp2p-key.
        case wrongCodec = "wrong_codec"
        /// The name embeds a key type namectl cannot verify (RSA, secp256k1, ECDSA…), or an unknown one.
        case unsupportedKeyType = "unsupported_key_type"
        /// A public key's bytes are malformed.
        case invalidPublicKey = "invalid_public_key"
        /// A key file could not be parsed.
        case invalidKeyFile = "invalid_key_file"
        /// The key file format is not one namectl knows.
        case unsupportedKeyFormat = "unsupported_key_format"
        /// A key file's embedded public key does not belong to its private key.
        case keyPairMismatch = "key_pair_mismatch"
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
