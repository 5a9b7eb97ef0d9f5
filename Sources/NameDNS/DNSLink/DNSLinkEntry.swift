/// One valid DNSLink entry, `dnslink=/<namespace>/<identifier>`.
///
/// Parsing follows dnslink-std: only TXT values starting with exactly `dnslink=` count; nothing is
/// trimmed; the identifier is everything after the namespace, slashes included.
public struct DNSLinkEntry: Hashable, Sendable {
    /// The prefix every DNSLink TXT value starts with.
    public static let prefix: [UInt8] = Array("dnslink=".utf8)

    /// The namespace, e.g. `ipfs` or `ipns`.
    public let namespace: String
    /// The identifier, e.g. a CID, an IPNS name, or a domain; may contain `/`.
    public let identifier: String

    /// Makes an entry from its parts (no validation: use `parse(txt:)` for untrusted input).
    public init(namespace: String, identifier: String) {
        self.namespace = namespace
        self.identifier = identifier
    }

    /// The entry's path, `/<namespace>/<identifier>`.
    public var path: String { "/\(namespace)/\(identifier)" }

    /// Whether a TXT value (character-strings already concatenated) is a DNSLink entry at all.
    public static func isDNSLink(_ txt: [UInt8]) -> Bool { txt.starts(with: prefix) }

    /// Parses one TXT value (its character-strings already concatenated).
    /// - Returns: `nil` when the value does not start with `dnslink=` (not a DNSLink entry, ignored),
    ///   otherwise the entry or the reason it is invalid.
    public static func parse(txt: [UInt8]) -> Result<DNSLinkEntry, DNSLinkInvalidReason>? {
        guard isDNSLink(txt) else { return nil }
        let value = txt.dropFirst(prefix.count)
        guard value.first == UInt8(ascii: "/") else { return .failure(.wrongStart) }
        guard value.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E }) else { return .failure(.invalidCharacter) }
        let rest = value.dropFirst()
        let slash = rest.firstIndex(of: UInt8(ascii: "/"))
        let namespace = rest[rest.startIndex..<(slash ?? rest.endIndex)]
        guard !namespace.isEmpty else { return .failure(.namespaceMissing) }
        guard let slash, slash + 1 < rest.endIndex else { return .failure(.noIdentifier) }
        let identifier = rest[(slash + 1)...]
        // Printable ASCII only, so these decodes are exact.
        return .success(DNSLinkEntry(namespace: String(decoding: namespace, as: UTF8.self),
                                     identifier: String(decoding: identifier, as: UTF8.self)))
    }
}
