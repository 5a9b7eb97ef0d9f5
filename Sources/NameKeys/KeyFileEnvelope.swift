import Foundation

/// The JSON document of one keystore file (`<home>/keys/<label>.key`).
///
/// Encrypted: the libp2p PrivateKey protobuf sealed with XChaCha20-Poly1305 under an Argon2id key,
/// with the name as associated data, so a ciphertext cannot be moved to another name's file.
struct KeyFileEnvelope: Codable {
    struct KDF: Codable {
        var algorithm: String
        var opsLimit: UInt64
        var memLimit: Int
        var salt: String
    }

    static let currentFormat = "namectl-key/1"

    var format: String
    var name: String
    var created: Int64
    var kdf: KDF?
    var nonce: String?
    /// base64 of the sealed protobuf (encrypted) or of the cleartext protobuf (`kdf == nil`).
    var key: String
}
