import NameKeys
import Sodium

extension PublicKey {
    /// The blinded key `h·A` for `label` (RFC 9498, EDKEY): what a reader computes from the owner's
    /// name alone, equal to `BlindedKey(owner:label:).publicKey`.
    /// - Throws: `unblindableKey` when this is not an Ed25519 key on the prime-order subgroup.
    public func blinded(label: PrivateLabel) throws(PrivateNameError) -> PublicKey {
        try blinded(label: label, context: BlindingFactor.ipnsContext)
    }

    /// `blinded(label:)` under an explicit RFC 9498 context (`"gns"` reproduces GNS zone keys).
    public func blinded(label: PrivateLabel, context: String) throws(PrivateNameError) -> PublicKey {
        guard type == .ed25519 else {
            throw PrivateNameError(.unblindableKey, "only Ed25519 names can have private names, not \(type)")
        }
        let factor = BlindingFactor(publicKey: data, label: label, context: context)
        guard let raw = Sodium.ed25519ScalarMultNoclamp(scalar: factor.scalar, point: data),
              let key = try? PublicKey(ed25519: raw)
        else {
            throw PrivateNameError(.unblindableKey, "the owner key is not a valid Ed25519 point of prime order")
        }
        return key
    }
}
