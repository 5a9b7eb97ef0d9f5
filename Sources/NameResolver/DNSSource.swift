import NameDNS
import NameKeys
import NameRecord
import NameStore
import Synchronization

/// DNS as a source: resolves DNSLink for domains and hands the signed records found beside them
/// (`ipns-record=` TXT) to the resolver as candidates, which validates them like any others.
/// A signed record that fails validation makes the lookup an error, never a fallback to the bare link.
public final class DNSSource: RecordSource {
    let records: SignedRecordResolver
    let dnssec: DNSSECValidator?
    let store: NameStore?
    private let found = Mutex<[Name: [Record]]>([:])

    /// A source over a stub resolver; `anchor` enables DNSSEC validation (bogus answers are errors).
    public init(resolver: StubResolver, anchor: TrustAnchor? = nil, store: NameStore?) {
        records = SignedRecordResolver(resolver: resolver, requestDNSSEC: anchor != nil)
        dnssec = anchor.map { DNSSECValidator(resolver: resolver, anchor: $0) }
        self.store = store
    }

    public var label: String { "dns" }

    public func candidates(for name: Name) async throws -> [Record] {
        found.withLock { $0[name] ?? [] }
    }

    /// The DNSLink of `domain` (an `/ipns/` link preferred over `/ipfs/`), or `nil` when it has none.
    public func dnslink(_ domain: String) async throws(ResolveError) -> DNSLinkAnswer? {
        let store = self.store
        let resolution: DNSNameResolution
        do {
            resolution = try await records.resolve(domain, highestSeenSequence: { name in (try? store?.highestSeen(name)) ?? nil })
        } catch {
            throw DNSSource.map(error, domain: domain)
        }
        var status: String?
        if let dnssec {
            do { status = try await dnssec.require(resolution.lookup).status.rawValue } catch {
                throw ResolveError(.validationFailed, "DNSSEC: \(error.reason)")
            }
        }
        if let name = resolution.name, let record = resolution.record {
            found.withLock { $0[name, default: []].append(record) }
        }
        let links = resolution.lookup.result.links
        for namespace in ["ipns", "ipfs"] {
            if let first = links[namespace]?.first { return DNSLinkAnswer(path: "/\(namespace)/\(first.identifier)", dnssec: status) }
        }
        return nil
    }

    static func map(_ error: DNSError, domain: String) -> ResolveError {
        switch error.code {
        case .signedRecordInvalid, .malformedSignedRecord:
            return ResolveError(.validationFailed, "\(domain): \(error.reason)", recordError: error.recordError)
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
