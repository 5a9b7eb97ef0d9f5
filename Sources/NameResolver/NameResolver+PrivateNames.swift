import NameRecord
import PrivateNames

extension NameResolver {
    /// Resolves a private address, `ipnspriv1…[/path]`: derives the blinded name, asks the sources
    /// for that name only (the owner's name and the label never leave this process), validates the
    /// best record like any other, decrypts its value and follows it (an `/ipns/` value is resolved
    /// further) with the remaining path appended.
    /// - Throws: `ResolveError`: `invalidPath` for a malformed address (the reason says what is
    ///   wrong, e.g. a checksum that points at a mistyped character), `notFound` when no source holds
    ///   a record for the blinded name (also what a wrong label or owner gives), `validationFailed`,
    ///   `decryptionFailed` when a valid record does not decrypt for this address.
    public func resolve(private text: String, options: ResolveOptions = ResolveOptions()) async throws(ResolveError) -> Resolution {
        let (addressText, remainder) = text.firstIndex(of: "/").map { (String(text[..<$0]), String(text[$0...])) } ?? (text, "")
        let address: PrivateAddress
        do { address = try addresses.address(addressText) } catch { throw ResolveError(.invalidPath, error.reason) }
        let found = try await record(for: address.blindedName, options: options)
        let plain: [UInt8]
        do { plain = try address.value(of: found.verified) } catch {
            throw ResolveError(.decryptionFailed, "the record for \(address.blindedName) does not open with this address: \(error.reason)")
        }
        guard let value = String(validating: plain, as: UTF8.self) else {
            throw ResolveError(.decryptionFailed, "the private value for \(address.blindedName) is not UTF-8 text")
        }
        let hop = address.description
        guard value.hasPrefix("/ipns/") else {
            return Resolution(value: value + remainder, name: address.blindedName, sequence: found.record.sequence,
                              validity: found.record.validity, ttl: found.record.ttl, source: found.source, hops: [hop, value])
        }
        let next = try await resolve(value + remainder, options: options)
        return Resolution(value: next.value, name: next.name, sequence: next.sequence, validity: next.validity, ttl: next.ttl,
                          source: next.source, hops: [hop] + next.hops, dnssec: next.dnssec)
    }
}
