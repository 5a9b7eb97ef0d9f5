/// Anything that signs for an IPNS name with Ed25519: a `PrivateKey`, or a key derived from one
/// (the blinded key of a private name, which has a secret scalar but no seed).
///
/// Records, DHT items and publishers sign through this, so a derived key is used exactly like an
/// ordinary one.
public protocol SigningKey: Sendable {
    /// The public key the signatures verify under.
    var publicKey: PublicKey { get }
    /// A detached 64-byte Ed25519 signature over `message`.
    func sign(_ message: [UInt8]) -> [UInt8]
}

extension SigningKey {
    /// The name this key signs for.
    public var name: Name { Name(publicKey: publicKey) }
}
