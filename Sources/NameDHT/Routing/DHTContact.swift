/// A DHT node: its ID and UDP endpoint. Also the persistable form of a routing-table entry
/// (`host:port/<40 hex digits>`, see `init(parsing:)` and `description`).
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

    /// Parses `a.b.c.d:port/<40 hex digit node id>`.
    public init(parsing text: String) throws(DHTError) {
        guard let slash = text.lastIndex(of: "/"), let id = NodeID(hex: String(text[text.index(after: slash)...])) else {
            throw DHTError(.invalidEndpoint, "'\(text)' is not host:port/<40 hex digit node id>")
        }
        self.id = id
        self.endpoint = try DHTEndpoint(parsing: String(text[..<slash]))
    }

    /// `a.b.c.d:port/<node id hex>`.
    public var description: String { "\(endpoint)/\(id)" }

    /// BEP 5 compact node info: 20-byte ID, 4-byte IPv4 address, 2-byte big-endian port.
    var compact: [UInt8] { id.bytes + endpoint.address + [UInt8(endpoint.port >> 8), UInt8(endpoint.port & 0xFF)] }

    /// Decodes a BEP 5 `nodes` string (a multiple of 26 bytes), keeping at most `limit` entries.
    static func decodeCompact(_ bytes: [UInt8], limit: Int) throws(DHTError) -> [DHTContact] {
        guard bytes.count % 26 == 0 else {
            throw DHTError(.malformedMessage, "compact nodes of \(bytes.count) bytes is not a multiple of 26")
        }
        var out: [DHTContact] = []
        var i = 0
        while i < bytes.count, out.count < limit {
            let id = NodeID(bytes: Array(bytes[i..<i + 20]))!
            let port = UInt16(bytes[i + 24]) << 8 | UInt16(bytes[i + 25])
            out.append(DHTContact(id: id, endpoint: DHTEndpoint(address: Array(bytes[i + 20..<i + 24]), port: port)!))
            i += 26
        }
        return out
    }

    static func encodeCompact(_ contacts: [DHTContact]) -> [UInt8] { contacts.flatMap(\.compact) }
}
