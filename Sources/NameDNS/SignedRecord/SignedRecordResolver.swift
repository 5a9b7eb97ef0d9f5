import NameKeys
import NameRecord

/// Finds signed IPNS records carried in DNS beside a DNSLink (see `SignedRecordTXT`) and validates
/// them like records from any other source: signature V2, key ↔ name, expiry, and no rollback
/// below the highest sequence already seen. A DNS operator can delay updates but not forge or roll
/// them back. A record that fails validation is an error, never a silent fallback to the DNSLink.
public struct SignedRecordResolver: Sendable {
    /// The DNSLink resolver used for the TXT lookup.
    public let dnslink: DNSLinkResolver
    /// The checks applied to each record.
    public let validator: RecordValidator

    /// Makes a resolver on top of a stub resolver.
    public init(resolver: StubResolver, requestDNSSEC: Bool = false, validator: RecordValidator = .standard) {
        self.dnslink = DNSLinkResolver(resolver: resolver, requestDNSSEC: requestDNSSEC)
        self.validator = validator
    }

    /// Looks up `domain`'s DNSLink and any signed records beside it.
    /// - Parameter highestSeenSequence: the highest sequence already seen per name (rollback guard).
    /// - Throws: the lookup's errors; `malformedSignedRecord` for undecodable TXT;
    ///   `signedRecordInvalid` (with `recordError`) when a record fails validation for every
    ///   `/ipns/<name>` the DNSLink names, or when the DNSLink names no IPNS key at all.
    public func resolve(_ domain: String, highestSeenSequence: @Sendable (Name) -> UInt64? = { _ in nil }) async throws(DNSError) -> DNSNameResolution {
        let lookup = try await dnslink.lookup(domain)
        return try SignedRecordResolver.attach(lookup: lookup, validator: validator, highestSeenSequence: highestSeenSequence)
    }

    /// Validates the signed records of an existing lookup.
    static func attach(lookup: DNSLinkLookup, validator: RecordValidator, highestSeenSequence: (Name) -> UInt64?) throws(DNSError) -> DNSNameResolution {
        let encoded = lookup.txt.map(\.value).filter(SignedRecordTXT.isSignedRecord)
        guard !encoded.isEmpty else { return DNSNameResolution(lookup: lookup, name: nil, record: nil) }
        let names = (lookup.result.links["ipns"] ?? []).compactMap { try? Name($0.identifier) }
        guard !names.isEmpty else {
            throw DNSError(.signedRecordInvalid, "\(lookup.owner) carries a signed record but its DNSLink names no /ipns/<key> to check it against",
                           recordError: RecordError(.keyMismatch, "no IPNS name in the DNSLink"))
        }
        var valid: [Name: [Record]] = [:]
        for txt in encoded {
            let bytes = try SignedRecordTXT.decode(txt)
            var firstFailure: RecordError?
            var matched = false
            for name in names {
                do {
                    let record = try validator.validate(bytes: bytes, for: name, highestSeenSequence: highestSeenSequence(name)).record
                    valid[name, default: []].append(record)
                    matched = true
                    break
                } catch {
                    if firstFailure == nil { firstFailure = error }
                }
            }
            if !matched, let failure = firstFailure {
                throw DNSError(.signedRecordInvalid, "signed record in \(lookup.owner) is not valid for \(names.map(\.description).joined(separator: ", ")): \(failure.reason)",
                               recordError: failure)
            }
        }
        // Several names: prefer the first name (in sorted DNSLink order) that has a record.
        guard let name = names.first(where: { valid[$0] != nil }), let record = RecordSelection.best(valid[name]!) else {
            return DNSNameResolution(lookup: lookup, name: nil, record: nil)
        }
        return DNSNameResolution(lookup: lookup, name: name, record: record)
    }
}
