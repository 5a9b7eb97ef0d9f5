import NameCore
import Sodium

/// An Ed25519 private key. The secret lives in `SecretBytes`, which is zeroed when released.
public struct PrivateKey: SigningKey {
    /// libsodium's 64-byte secret key (seed ‖ public key).
    private let secret: SecretBytes
    /// The matching public key.
    public let publicKey: PublicKey

    /// Derives the keypair from a 32-byte seed.
    /// - Throws: `invalidKeyFile` when the seed is not 32 bytes.
    public init(seed: [UInt8]) throws(KeyError) {
        guard seed.count == Sodium.ed25519SeedBytes else {
            throw KeyError(.invalidKeyFile, "Ed25519 seed must be 32 bytes, got \(seed.count)")
        }
        let (pk, sk) = Sodium.ed25519Keypair(seed: seed)
        secret = sk
        publicKey = try PublicKey(ed25519: pk)
    }

    /// A new random key from libsodium's CSPRNG.
    public static func generate() -> PrivateKey {
        var seed = Sodium.randomBytes(Sodium.ed25519SeedBytes)
        defer { Sodium.memzero(&seed) }
        return try! PrivateKey(seed: seed)
    }

    /// Signs `message` (detached Ed25519 signature, 64 bytes).
    @inlinable
    public func sign(_ message: [UInt8]) -> [UInt8] {
        signRaw(message)
    }

    @usableFromInline
    func signRaw(_ message: [UInt8]) -> [UInt8] {
        Sodium.ed25519Sign(message, secretKey: secret)
    }

    /// Runs `body` with a copy of the 32-byte seed, zeroing the copy afterwards.
    public func withSeed<R>(_ body: ([UInt8]) throws -> R) rethrows -> R {
        var seed = secret.withUnsafeBytes { Array($0.prefix(Sodium.ed25519SeedBytes)) }
        defer { Sodium.memzero(&seed) }
        return try body(seed)
    }
}
