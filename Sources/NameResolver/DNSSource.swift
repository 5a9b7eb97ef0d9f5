import NameDNS
import NameKeys

/// DNS for the resolver's domain hops: the DNSLink of a domain (checked with DNSSEC when a trust
/// anchor is given) and the signed records (`ipns-record=` TXT) published beside it.
///
/// The signed records are not validated here: they travel, as raw bytes, into the next hop's race
/// as candidates like any others, so a stale copy in a DNS cache is simply outranked by a newer
/// record from another source, and an invalid one is dropped and reported.
///
/// Link preference, when a domain has several `dnslink=` values: an `/ipns/` link before an
/// `/ipfs/` one, and within a namespace the first in dnslink-std's sorted order.
public struct DNSSource: Sendable {
    let dnslink: DNSLinkResolver
    let dnssec: DNSSECValidator?

    /// DNS over a stub resolver; `anchor` enables DNSSEC validation (bogus answers are errors).
    public init(resolver: StubResolver, anchor: TrustAnchor? = nil) {
        dnslink = DNSLinkResolver(resolver: resolver, requestDNSSEC: anchor != nil)
        dnssec = anchor.map { DNSSECValidator(resolver: resolver, anchor: $0) }
    }

    /// The DNSLink of `domain`, or `nil` when it has none.
    /// - Throws: `notFound` (NXDOMAIN), `validationFailed` (DNSSEC bogus), `invalidPath`,
    ///   `sourceFailure` (servers failed or timed out).
    public func lookup(_ domain: String) async throws(ResolveError) -> DNSLinkAnswer? {
        let lookup: DNSLinkLookup
        do { lookup = try await dnslink.lookup(domain) } catch { throw DNSSource.map(error, domain: domain) }
        var status: String?
        if let dnssec {
            do { status = try await dnssec.require(lookup).status.rawValue } catch {
                throw ResolveError(.validationFailed, "DNSSEC: \(error.reason)")
            }
        }
        // Undecodable values travel as they are: the race reports them as malformed records.
        let records = lookup.txt.map(\.value).filter(SignedRecordTXT.isSignedRecord).map { (try? SignedRecordTXT.decode($0)) ?? $0 }
        let server = EndpointIdentity(kind: "dns", endpoint: "\(lookup.response.server)")
        let links = lookup.result.links
        for namespace in ["ipns", "ipfs"] {
            if let first = links[namespace]?.first {
                return DNSLinkAnswer(path: "/\(namespace)/\(first.identifier)", dnssec: status, records: records, server: server)
            }
        }
        return nil
    }

    static func map(_ error: DNSError, domain: String) -> ResolveError {
        switch error.code {
        case .noDNSLink:
            return ResolveError(.notFound, "\(domain): \(error.reason)")
        case .rcode where error.rcode == 3:
            return ResolveError(.notFound, "\(domain) does not exist (NXDOMAIN)")
        case .invalidDomain:
            return ResolveError(.invalidPath, error.reason)
        case .dnssecBogus:
            return ResolveError(.validationFailed, "\(domain): \(error.reason)")
        default:
            return ResolveError(.sourceFailure, "DNS lookup for \(domain) failed: \(error.reason)")
        }
    }
}
