import Sodium

/// This peer's libp2p identity: an Ed25519 keypair whose secret lives in `SecretBytes`.
public struct IdentityKey: Sendable {
    private let secret: SecretBytes
    /// The public key.
    public let publicKey: Libp2pPublicKey

    /// The keypair for a 32-byte seed.
    public init(seed: [UInt8]) throws(Libp2pError) {
        guard seed.count == Sodium.ed25519SeedBytes else {
            throw Libp2pError(.invalidPeerID, "Ed25519 seed must be 32 bytes, got \(seed.count)")
        }
        let (publicKey, secretKey) = Sodium.ed25519Keypair(seed: seed)
        secret = secretKey
        self.publicKey = try Libp2pPublicKey(ed25519: publicKey)
    }

    /// A fresh random identity.
    public static func generate() -> IdentityKey {
        var seed = Sodium.randomBytes(Sodium.ed25519SeedBytes)
        defer { Sodium.memzero(&seed) }
        return try! IdentityKey(seed: seed)
    }

    /// This peer's ID.
    public var peerID: PeerID { PeerID(publicKey: publicKey) }

    /// A detached Ed25519 signature over `message`.
    public func sign(_ message: [UInt8]) -> [UInt8] {
        Sodium.ed25519Sign(message, secretKey: secret)
    }

    /// Runs `body` with a copy of the 32-byte seed (for saving the key), zeroed afterwards.
    public func withSeed<R>(_ body: ([UInt8]) throws -> R) rethrows -> R {
        var seed = secret.withUnsafeBytes { Array($0.prefix(Sodium.ed25519SeedBytes)) }
        defer { Sodium.memzero(&seed) }
        return try body(seed)
    }
}
