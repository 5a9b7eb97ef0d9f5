import NameKeys
import Sodium

/// The blinding factor `h` of RFC 9498 (GNS) section 5.1.2, EDKEY: derived from a public key and
/// a label, it turns the key `A` into the blinded key `h·A` and the secret scalar `a` into `h·a mod L`.
///
/// `h = HKDF-Expand(HKDF-Extract("key-derivation", A), label ‖ context, 64)` with HMAC-SHA-512 for
/// extraction and HMAC-SHA-256 for expansion, read as a big-endian integer and reduced modulo L.
/// GNS uses the context `"gns"`; namectl uses `"ipns"` so that a key used in both systems blinds
/// to unrelated keys.
struct BlindingFactor: Sendable {
    /// namectl's derivation context.
    static let ipnsContext = "ipns"

    /// The 64 HKDF output bytes (`h` before reduction; the signing nonce hashes these).
    let wide: [UInt8]
    /// `h mod L` as a 32-byte little-endian scalar.
    let scalar: [UInt8]

    /// Derives `h` for `publicKey` (32 raw Ed25519 bytes) and `label`.
    init(publicKey: [UInt8], label: PrivateLabel, context: String) {
        wide = Sodium.hkdfSHA512SHA256(salt: Array("key-derivation".utf8), ikm: publicKey,
                                       info: label.bytes + Array(context.utf8), count: 64)
        scalar = Sodium.ed25519ScalarReduce(wide.reversed())
    }
}
