/// Resolves DNSLink exactly as dnslink-std specifies: TXT at `_dnslink.<domain>` first; only on
/// NXDOMAIN, TXT at `<domain>` itself (logged as `FALLBACK`); a non-NOERROR RCODE is an error.
/// A domain given as `_dnslink.<domain>` is queried as given, falling back to `<domain>`.
///
/// The domain is sent as given (raw labels, no IDNA conversion, no trimming).
public struct DNSLinkResolver: Sendable {
    /// The resolver used for the TXT lookups.
    public let resolver: StubResolver
    /// Whether queries set the EDNS0 DO bit, so answers carry RRSIGs for `DNSSECValidator`.
    public let requestDNSSEC: Bool

    /// Makes a DNSLink resolver on top of a stub resolver.
    public init(resolver: StubResolver, requestDNSSEC: Bool = false) {
        self.resolver = resolver
        self.requestDNSSEC = requestDNSSEC
    }

    /// Looks up the DNSLink entries of `domain`.
    /// - Throws: `DNSError` with code `.rcode` (and `rcode` set; `dnslinkErrorCode` gives
    ///   `DNS_RCODE_<n>`) when the deciding answer is not NOERROR; transport errors otherwise.
    public func lookup(_ domain: String) async throws(DNSError) -> DNSLinkLookup {
        let bare = domain.hasSuffix(".") ? String(domain.dropLast()) : domain
        guard !bare.isEmpty else { throw DNSError(.invalidDomain, "empty domain") }
        var log: [DNSLinkLogEntry] = []
        let (first, fallback) = DNSLinkResolver.owners(for: bare)
        var owner = first
        var response = try await resolver.query(owner, type: .txt, dnssecOK: requestDNSSEC)
        if response.rcode == 3, let fallback {
            log.append(.fallback)
            owner = fallback
            response = try await resolver.query(owner, type: .txt, dnssecOK: requestDNSSEC)
        }
        guard response.rcode == 0 else {
            throw DNSError(.rcode, "DNS answer for \(owner) has RCODE \(response.rcode)", rcode: response.rcode)
        }
        let txt = response.txtRecords(for: owner)
        return DNSLinkLookup(result: DNSLinkResult(txt: txt, log: log), owner: DNSResponse.canonical(owner), txt: txt, response: response)
    }

    /// The owner names to query, per dnslink-std: a domain that already starts with `_dnslink.` is
    /// queried as given and falls back to the domain without that first label; any other domain
    /// is queried at `_dnslink.<domain>` and falls back to `<domain>` (only on NXDOMAIN).
    static func owners(for bare: String) -> (first: String, fallback: String?) {
        if bare.lowercased().hasPrefix("_dnslink.") {
            let rest = bare.dropFirst("_dnslink.".count)
            return ("\(bare).", rest.isEmpty ? nil : "\(rest).")
        }
        return ("_dnslink.\(bare).", "\(bare).")
    }

    /// The dnslink-std result for `domain`.
    /// - Throws: as `lookup(_:)`.
    public func resolve(_ domain: String) async throws(DNSError) -> DNSLinkResult {
        try await lookup(domain).result
    }

    /// The reference implementations' JSON for `domain`: the result, or `{"error":{"code":"DNS_RCODE_<n>"}}`.
    /// - Throws: transport errors only (timeouts, malformed answers…), never for an RCODE.
    public func resolveJSON(_ domain: String) async throws(DNSError) -> String {
        do {
            return try await resolve(domain).json
        } catch where error.code == .rcode {
            return DNSLinkResult.errorJSON(rcode: error.rcode ?? 0)
        }
    }
}
