import LDNS

/// Validates answers with DNSSEC from a trust anchor, using ldns for every signature check.
///
/// The chain: the anchor (DS or DNSKEY) selects keys of the anchor zone's DNSKEY RRset, which must
/// be self-signed by one of them; each delegation below is followed through a DS RRset signed by
/// the parent; the answer's RRSIGs must verify under the signer zone's keys, within their
/// validity period. Names outside the anchor's zone are `insecure`. Within it, an unsigned answer
/// is `bogus`: proving an insecure delegation (NSEC/NSEC3 denial of DS) is not implemented.
public struct DNSSECValidator: Sendable {
    /// The resolver used to fetch DNSKEY and DS RRsets (with the DO bit).
    public let resolver: StubResolver
    /// The trust anchor.
    public let anchor: TrustAnchor

    /// Makes a validator.
    public init(resolver: StubResolver, anchor: TrustAnchor) {
        self.resolver = resolver
        self.anchor = anchor
    }

    /// Validates the TXT RRset of a DNSLink lookup. The lookup must have been made with DO set
    /// (`DNSLinkResolver(resolver:requestDNSSEC: true)`), so that its answer carries RRSIGs.
    public func validate(_ lookup: DNSLinkLookup) async -> DNSSECVerdict {
        await validate(lookup.response, owner: lookup.owner, type: .txt)
    }

    /// Validates a DNSLink lookup and turns `bogus` into an error (what `--trust-anchor` needs).
    /// - Returns: the verdict, `secure` or `insecure`.
    /// - Throws: `dnssecBogus` with the reason.
    public func require(_ lookup: DNSLinkLookup) async throws(DNSError) -> DNSSECVerdict {
        let verdict = await validate(lookup)
        guard verdict.status != .bogus else { throw DNSError(.dnssecBogus, "DNSSEC validation failed: \(verdict.reason)") }
        return verdict
    }

    /// Validates the `type` RRset at `owner` in `response`.
    public func validate(_ response: DNSResponse, owner: String, type: DNSRecordType) async -> DNSSECVerdict {
        await DNSSECValidator.validate(wire: response.wire, owner: owner, type: type.rawValue, anchor: anchor, configuration: resolver.configuration)
    }

    private struct Failure: Error { let reason: String }

    static func validate(wire: [UInt8], owner: String, type: UInt16, anchor: TrustAnchor, configuration: DNSResolverConfiguration) async -> DNSSECVerdict {
        do {
            let anchors = try anchor.records.map { try LDNSResourceRecord($0) }
            let anchorZone = try LDNSDomainName(anchor.zone)
            let ownerName = try LDNSDomainName(owner)
            guard ownerName.isAtOrBelow(anchorZone) else {
                return DNSSECVerdict(status: .insecure, reason: "\(owner) is outside the trust anchor's zone \(anchor.zone)")
            }
            let answer = try LDNSPacket(wire: wire).records(in: .answer)
            let (rrset, signatures) = split(answer, owner: ownerName, type: type)
            guard !rrset.isEmpty else { throw Failure(reason: "no records at \(owner) to validate") }
            guard let signer = signatures.first?.rrsigSigner else { throw Failure(reason: "the answer for \(owner) carries no RRSIG") }
            guard ownerName.isAtOrBelow(signer), signer.isAtOrBelow(anchorZone) else {
                throw Failure(reason: "RRSIG signer \(signer) is not between \(anchor.zone) and \(owner)")
            }
            let keys = try await trustedKeys(zone: signer, anchors: anchors, anchorZone: anchorZone, configuration: configuration, depth: 0)
            let verification = LDNSDNSSEC.verify(rrset: rrset, signatures: signatures, keys: keys)
            if let error = verification.error { throw Failure(reason: "\(owner) \(error.message)") }
            return DNSSECVerdict(status: .secure, reason: "\(owner) is signed by \(signer), chained to the trust anchor for \(anchor.zone)")
        } catch let failure as Failure {
            return DNSSECVerdict(status: .bogus, reason: failure.reason)
        } catch let error as LDNSError {
            return DNSSECVerdict(status: .bogus, reason: error.message)
        } catch let error as DNSError {
            return DNSSECVerdict(status: .bogus, reason: "fetching keys failed: \(error.reason)")
        } catch {
            return DNSSECVerdict(status: .bogus, reason: "\(error)")
        }
    }

    /// The RRset of `type` at `owner` and the RRSIGs covering it.
    private static func split(_ records: [LDNSResourceRecord], owner: LDNSDomainName, type: UInt16) -> ([LDNSResourceRecord], [LDNSResourceRecord]) {
        let atOwner = records.filter { $0.owner.equals(owner) }
        return (atOwner.filter { $0.type == type }, atOwner.filter { $0.rrsigTypeCovered == type })
    }

    private static func fetch(_ name: LDNSDomainName, type: DNSRecordType, configuration: DNSResolverConfiguration) async throws -> ([LDNSResourceRecord], [LDNSResourceRecord]) {
        let response = try await StubResolver.query(name.description, type: type.rawValue, dnssecOK: true, configuration: configuration)
        guard response.rcode == 0 else { throw Failure(reason: "\(type) query for \(name) failed with RCODE \(response.rcode)") }
        return split(try LDNSPacket(wire: response.wire).records(in: .answer), owner: name, type: type.rawValue)
    }

    /// The validated DNSKEY RRset of `zone`, chained to the anchor.
    private static func trustedKeys(zone: LDNSDomainName, anchors: [LDNSResourceRecord], anchorZone: LDNSDomainName,
                                    configuration: DNSResolverConfiguration, depth: Int) async throws -> [LDNSResourceRecord] {
        guard depth < 16 else { throw Failure(reason: "delegation chain too long") }
        let (keys, keySignatures) = try await fetch(zone, type: .dnskey, configuration: configuration)
        guard !keys.isEmpty else { throw Failure(reason: "\(zone) has no DNSKEY") }
        let trusted: [LDNSResourceRecord]
        if zone.equals(anchorZone) {
            trusted = keys.filter { key in anchors.contains { $0.dsMatches(key) } }
            guard !trusted.isEmpty else { throw Failure(reason: "no DNSKEY of \(zone) matches the trust anchor") }
        } else {
            let (ds, dsSignatures) = try await fetch(zone, type: .ds, configuration: configuration)
            guard !ds.isEmpty, let parent = dsSignatures.first?.rrsigSigner else {
                throw Failure(reason: "no signed DS for \(zone) (insecure delegations are not proven)")
            }
            guard zone.isAtOrBelow(parent), !zone.equals(parent), parent.isAtOrBelow(anchorZone) else {
                throw Failure(reason: "DS for \(zone) is signed by \(parent), not by a parent under the anchor")
            }
            let parentKeys = try await trustedKeys(zone: parent, anchors: anchors, anchorZone: anchorZone, configuration: configuration, depth: depth + 1)
            if let error = LDNSDNSSEC.verify(rrset: ds, signatures: dsSignatures, keys: parentKeys).error {
                throw Failure(reason: "DS of \(zone): \(error.message)")
            }
            trusted = keys.filter { key in ds.contains { $0.dsMatches(key) } }
            guard !trusted.isEmpty else { throw Failure(reason: "no DNSKEY of \(zone) matches its DS") }
        }
        if let error = LDNSDNSSEC.verify(rrset: keys, signatures: keySignatures, keys: trusted).error {
            throw Failure(reason: "DNSKEY RRset of \(zone): \(error.message)")
        }
        return keys
    }
}
