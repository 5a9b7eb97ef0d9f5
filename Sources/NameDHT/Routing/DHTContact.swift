/// A DHT node: its ID and UDP endpoint. Also the persistable form of a routing-table entry
/// (`host:port/<40 hex digits>` or `[v6]:port/<40 hex digits>`, see `init(parsing:)` and `description`).
public struct DHTContact: Hashable, Sendable, CustomStringConvertible {
    /// The node's ID.
    public let id: NodeID
    /// Where it listens.
    public let endpoint: DHTEndpoint

    /// Makes a contact.
    public init(id: NodeID, endpoint: DHTEndpoint) {
        self.id = id
        self.endpoint = endpoint
    }

    /// Parses `a.b.c.d:port/<40 hex digit node id>` or `[v6 address]:port/<…>`.
    public init(parsing text: String) throws(DHTError) {
        guard let slash = text.lastIndex(of: "/"), let id = NodeID(hex: String(text[text.index(after: slash)...])) else {
            throw DHTError(.invalidEndpoint, "'\(text)' is not host:port/<40 hex digit node id>")
        }
        self.id = id
        self.endpoint = try DHTEndpoint(parsing: String(text[..<slash]))
    }

    /// `a.b.c.d:port/<node id hex>` or `[v6]:port/<node id hex>`.
    public var description: String { "\(endpoint)/\(id)" }

    /// BEP 5 compact node info: 20-byte ID, the address (4 bytes, or 16 for BEP 32 `nodes6`), 2-byte big-endian port.
    var compact: [UInt8] { id.bytes + endpoint.compact }

    /// Decodes a BEP 5 `nodes` string (26-byte entries) or, with `ipv6`, a BEP 32 `nodes6` string
    /// (38-byte entries), keeping at most `limit` entries.
    static func decodeCompact(_ bytes: [UInt8], limit: Int, ipv6: Bool = false) throws(DHTError) -> [DHTContact] {
        let size = ipv6 ? 38 : 26
        guard bytes.count % size == 0 else {
            throw DHTError(.malformedMessage, "compact nodes\(ipv6 ? "6" : "") of \(bytes.count) bytes is not a multiple of \(size)")
        }
        var out: [DHTContact] = []
        var i = 0
        while i < bytes.count, out.count < limit {
            let id = NodeID(bytes: Array(bytes[i..<i + 20]))!
            out.append(DHTContact(id: id, endpoint: DHTEndpoint(compact: bytes[i + 20..<i + size])!))
            i += size
        }
        return out
    }

    static func encodeCompact(_ contacts: [DHTContact]) -> [UInt8] { contacts.flatMap(\.compact) }
}
