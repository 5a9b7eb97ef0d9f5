import NameRecord
import PrivateNames

extension NamePublisher {
    /// Publishes `value` for the private name `key`: the value is sealed (fresh nonce) and signed by
    /// the blinded key as an ordinary record for `key.address.blindedName`, with that name's own
    /// sequence. Nothing stored or sent names the owner or the label.
    /// - Throws: like `publish(key:value:options:)`.
    public func publish(privateName key: PrivateNameKey, value: String, options: PublishOptions = PublishOptions()) throws -> VerifiedRecord {
        try publish(key: key.signingKey, bytes: key.seal(Array(value.utf8)), options: options)
    }

    /// `publishEverywhere` for a private name: every transport receives an ordinary record for the
    /// blinded name (BEP 44 items are keyed and signed by the blinded key).
    /// - Throws: like `publishEverywhere(key:value:options:minimumTransports:)`.
    public func publishEverywhere(privateName key: PrivateNameKey, value: String, options: PublishOptions = PublishOptions(),
                                  minimumTransports: Int? = nil) async throws -> PublishReport {
        try await publishEverywhere(key: key.signingKey, bytes: key.seal(Array(value.utf8)), options: options,
                                    minimumTransports: minimumTransports)
    }
}
