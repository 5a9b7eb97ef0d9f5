/// What DNSLink resolution found for a domain: valid links grouped by namespace (identifiers
/// sorted), and a log of fallbacks and invalid entries, exactly as dnslink-std defines them.
public struct DNSLinkResult: Hashable, Sendable {
    /// Valid links by namespace; each list sorted by identifier.
    public let links: [String: [DNSLinkIdentifier]]
    /// What happened on the way, in order.
    public let log: [DNSLinkLogEntry]

    /// Makes a result (lists are sorted here, so any order may be passed).
    public init(links: [String: [DNSLinkIdentifier]], log: [DNSLinkLogEntry]) {
        self.links = links.mapValues { DNSLinkResult.sorted($0) }
        self.log = log
    }

    /// Builds the result from the TXT records of one RRset, after any earlier log entries
    /// (`FALLBACK`). Values not starting with `dnslink=` are ignored; invalid ones are logged.
    public init(txt records: [DNSLinkTXTValue], log earlier: [DNSLinkLogEntry] = []) {
        var links: [String: [DNSLinkIdentifier]] = [:]
        var log = earlier
        for record in records {
            let value = record.value
            switch DNSLinkEntry.parse(txt: value) {
            case nil:
                continue
            case .success(let entry)?:
                links[entry.namespace, default: []].append(DNSLinkIdentifier(identifier: entry.identifier, ttl: record.ttl))
            case .failure(let reason)?:
                log.append(.invalidEntry(entry: String(decoding: value, as: UTF8.self), reason: reason))
            }
        }
        self.init(links: links, log: log)
    }

    private static func sorted(_ list: [DNSLinkIdentifier]) -> [DNSLinkIdentifier] {
        // Identifiers are printable ASCII: byte order is JavaScript's default string order.
        list.enumerated().sorted { a, b in
            if a.element.identifier != b.element.identifier {
                return a.element.identifier.utf8.lexicographicallyPrecedes(b.element.identifier.utf8)
            }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// The namespaces that have links, sorted.
    public var namespaces: [String] { links.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }

    /// The result in the reference implementations' JSON shape:
    /// `{"links":{"<ns>":[{"identifier":"…","ttl":N}]},"log":[{"code":"FALLBACK"}|{"code":"INVALID_ENTRY","entry":"…","reason":"…"}]}`.
    public var json: String {
        var out = "{\"links\":{"
        out += namespaces.map { ns in
            JSONText.string(ns) + ":[" + links[ns]!.map {
                "{\"identifier\":\(JSONText.string($0.identifier)),\"ttl\":\($0.ttl)}"
            }.joined(separator: ",") + "]"
        }.joined(separator: ",")
        out += "},\"log\":["
        out += log.map { entry in
            switch entry {
            case .fallback:
                return "{\"code\":\"FALLBACK\"}"
            case .invalidEntry(let text, let reason):
                return "{\"code\":\"INVALID_ENTRY\",\"entry\":\(JSONText.string(text)),\"reason\":\"\(reason.rawValue)\"}"
            }
        }.joined(separator: ",")
        return out + "]}"
    }

    /// The reference implementations' JSON for a DNS answer whose RCODE is not NOERROR:
    /// `{"error":{"code":"DNS_RCODE_<n>"}}`.
    public static func errorJSON(rcode: UInt16) -> String {
        "{\"error\":{\"code\":\"DNS_RCODE_\(rcode)\"}}"
    }
}
