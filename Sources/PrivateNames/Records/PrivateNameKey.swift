import NameKeys
import NameRecord

/// The owner's side of one private name: the blinded signing key and the value key for
/// (owner key, label). Records it makes are ordinary IPNS records for `address.blindedName`.
public struct PrivateNameKey: Sendable {
    /// The shareable address (owner name and label).
    public let address: PrivateAddress
    /// The blinded key that signs the records.
    public let signingKey: BlindedKey
    private let owner: PublicKey

    /// The private name `label` of `owner`.
    public init(owner: PrivateKey, label: PrivateLabel) {
        self.owner = owner.publicKey
        signingKey = BlindedKey(owner: owner, label: label)
        // A seed-derived Ed25519 key is always a prime-order point, so the reader's derivation succeeds
        // and agrees with the signer's (h·A = (h·a)·B).
        address = try! PrivateAddress(owner: owner.name, label: label)
    }

    /// Encrypts `value` for this private name (fresh random nonce every call).
    public func seal(_ value: [UInt8]) -> [UInt8] {
        PrivateValue.seal(value, owner: owner, label: address.label, blindedKey: signingKey.publicKey)
    }

    /// A signed record (V1 + V2) for `address.blindedName` whose value is `value` sealed.
    /// - Throws: `recordTooLarge` when the sealed value makes the record exceed 10 KiB.
    public func createRecord(value: [UInt8], sequence: UInt64, validity: Timestamp, ttl: UInt64) throws(RecordError) -> Record {
        try Record.create(key: signingKey, value: seal(value), sequence: sequence, validity: validity, ttl: ttl)
    }
}
