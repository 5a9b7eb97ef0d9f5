import NameKeys
import Sodium

/// The signing key of a private name: the owner's key blinded with a label (RFC 9498, EDKEY).
///
/// Its secret is the scalar `d' = h·a mod L` (no seed exists), and it signs with the RFC's
/// deterministic nonce `SHA-256(prefix ‖ h)`, where `prefix` is the second half of the owner's
/// expanded seed. Signatures are plain Ed25519 under `publicKey = h·A`, so every IPNS and BEP 44
/// verifier accepts them.
public struct BlindedKey: SigningKey {
    /// The blinded public key `h·A`; its name is the private name's storage name.
    public let publicKey: PublicKey
    private let scalar: SecretBytes
    private let nonce: SecretBytes

    /// Blinds `owner` with `label` (namectl's context `"ipns"`).
    public init(owner: PrivateKey, label: PrivateLabel) {
        self.init(owner: owner, label: label, context: BlindingFactor.ipnsContext)
    }

    /// Blinds `owner` with `label` under an explicit RFC 9498 context (`"gns"` reproduces GNS zone keys).
    public init(owner: PrivateKey, label: PrivateLabel, context: String) {
        let factor = BlindingFactor(publicKey: owner.publicKey.data, label: label, context: context)
        let (a, prefix) = owner.withSeed { Sodium.ed25519ExpandSeed($0) }
        scalar = Sodium.ed25519ScalarMul(factor.scalar, a)
        nonce = Sodium.sha256(prefix, factor.wide)
        // h is a 64-byte hash reduced mod L: it is zero (and d' with it) with probability 2^-252.
        let raw = Sodium.ed25519PublicKey(scalar: scalar) ?? [UInt8](repeating: 0, count: Sodium.ed25519PublicKeyBytes)
        publicKey = try! PublicKey(ed25519: raw)
    }

    /// Signs `message` with the blinded scalar: a standard 64-byte Ed25519 signature under `publicKey`.
    public func sign(_ message: [UInt8]) -> [UInt8] {
        Sodium.ed25519Sign(message, scalar: scalar, nonce: nonce, publicKey: publicKey.data)
    }

    /// The secret scalar `d'` as 32 big-endian bytes, the form RFC 9498's test vectors print.
    /// Tests only: the caller must zero the copy.
    func scalarBigEndianForTesting() -> [UInt8] {
        scalar.withUnsafeBytes { Array($0.reversed()) }
    }
}
