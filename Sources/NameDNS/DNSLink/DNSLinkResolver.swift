/// Resolves DNSLink exactly as dnslink-std specifies: TXT at `_dnslink.<domain>` first; only on
/// NXDOMAIN, TXT at `<domain>` itself (logged as `FALLBACK`); a non-NOERROR RCODE is an error.
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
        var owner = "_dnslink.\(bare)."
        var response = try await resolver.query(owner, type: .txt, dnssecOK: requestDNSSEC)
        if response.rcode == 3 {
            log.append(.fallback)
            owner = "\(bare)."
            response = try await resolver.query(owner, type: .txt, dnssecOK: requestDNSSEC)
        }
        guard response.rcode == 0 else {
            throw DNSError(.rcode, "DNS answer for \(owner) has RCODE \(response.rcode)", rcode: response.rcode)
        }
        let txt = response.txtRecords(for: owner)
        return DNSLinkLookup(result: DNSLinkResult(txt: txt, log: log), owner: DNSResponse.canonical(owner), txt: txt, response: response)
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
