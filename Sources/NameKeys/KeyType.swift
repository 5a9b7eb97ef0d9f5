/// libp2p key types, as numbered in the libp2p `KeyType` protobuf enum.
public enum KeyType: UInt64, Sendable, CustomStringConvertible {
    /// RSA (legacy `Qm…` peer IDs; key carried in the record's pubKey field).
    case rsa = 0
    /// Ed25519, namectl's key type and the IPNS default.
    case ed25519 = 1
    /// secp256k1.
    case secp256k1 = 2
    /// ECDSA (P-256).
    case ecdsa = 3

    public var description: String {
        switch self {
        case .rsa: "RSA"
        case .ed25519: "Ed25519"
        case .secp256k1: "Secp256k1"
        case .ecdsa: "ECDSA"
        }
    }
}
