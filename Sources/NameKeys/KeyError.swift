import NameCore

/// The one error type of NameKeys: a stable `code` and a human `reason`; equality on `code` only.
public typealias KeyError = CodedError<KeyErrorCode>

/// The stable failure codes of `KeyError`.
public struct KeyErrorCode: ErrorCode {
    /// The stable string.
    public let rawValue: String
    /// Makes a code from its stable string.
    public init(rawValue: String) { self.rawValue = rawValue }
}

extension KeyErrorCode {
    /// The text is not an IPNS name in any accepted form.
    public static let invalidName: Self = "invalid_name"

    /// The CID's codec is not libp2p-key.
    public static let wrongCodec: Self = "wrong_codec"

    /// The name embeds a key type namectl cannot verify (RSA, secp256k1, ECDSA…), or an unknown one.
    public static let unsupportedKeyType: Self = "unsupported_key_type"

    /// A public key's bytes are malformed.
    public static let invalidPublicKey: Self = "invalid_public_key"

    /// A key file could not be parsed.
    public static let invalidKeyFile: Self = "invalid_key_file"

    /// The key file format is not one namectl knows.
    public static let unsupportedKeyFormat: Self = "unsupported_key_format"

    /// A key file's embedded public key does not belong to its private key.
    public static let keyPairMismatch: Self = "key_pair_mismatch"
}
