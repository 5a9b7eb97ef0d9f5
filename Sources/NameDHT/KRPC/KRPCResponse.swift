/// A KRPC response (`y = r`): the responder's ID plus whatever the query asked for.
public struct KRPCResponse: Hashable, Sendable {
    /// The responder's ID.
    public var id: NodeID
    /// Close nodes: IPv4 ones travel in BEP 5 `nodes`, IPv6 ones in BEP 32 `nodes6`.
    public var nodes: [DHTContact] = []
    /// A write token for a later `put` (BEP 44 `get`).
    public var token: [UInt8]?
    /// A stored item (BEP 44 `get`), still to be verified by the requester who knows the salt.
    public var item: ItemFields?

    /// The item fields of a `get` response: `k`, `seq`, `sig`, `v`.
    public struct ItemFields: Hashable, Sendable {
        /// `k`
        public var publicKey: [UInt8]
        /// `seq`
        public var sequence: Int64
        /// `v`
        public var value: Bencode
        /// `sig`
        public var signature: [UInt8]
    }

    /// The most compact nodes read from one `nodes` or `nodes6` field; more are ignored (a real node sends 8).
    static let maxNodes = 16

    /// Makes a response.
    public init(id: NodeID, nodes: [DHTContact] = [], token: [UInt8]? = nil, item: ItemFields? = nil) {
        self.id = id
        self.nodes = nodes
        self.token = token
        self.item = item
    }

    var encoded: Bencode {
        var r: [[UInt8]: Bencode] = [k("id"): .bytes(id.bytes)]
        let v4 = nodes.filter { !$0.endpoint.isIPv6 }, v6 = nodes.filter(\.endpoint.isIPv6)
        if !v4.isEmpty { r[k("nodes")] = .bytes(DHTContact.encodeCompact(v4)) }
        if !v6.isEmpty { r[k("nodes6")] = .bytes(DHTContact.encodeCompact(v6)) }
        if let token { r[k("token")] = .bytes(token) }
        if let item {
            r[k("k")] = .bytes(item.publicKey)
            r[k("seq")] = .integer(item.sequence)
            r[k("sig")] = .bytes(item.signature)
            r[k("v")] = item.value
        }
        return .dictionary(r)
    }

    init(decoding r: [[UInt8]: Bencode]) throws(DHTError) {
        guard let idBytes = r[k("id")]?.bytesValue, let id = NodeID(bytes: idBytes) else {
            throw DHTError(.malformedMessage, "response lacks a 20-byte 'id'")
        }
        self.id = id
        if let n = r[k("nodes")] {
            guard let b = n.bytesValue else { throw DHTError(.malformedMessage, "'nodes' is not a string") }
            nodes = try DHTContact.decodeCompact(b, limit: KRPCResponse.maxNodes)
        }
        if let n = r[k("nodes6")] {
            guard let b = n.bytesValue else { throw DHTError(.malformedMessage, "'nodes6' is not a string") }
            nodes += try DHTContact.decodeCompact(b, limit: KRPCResponse.maxNodes, ipv6: true)
        }
        if let t = r[k("token")] {
            guard let b = t.bytesValue else { throw DHTError(.malformedMessage, "'token' is not a string") }
            token = b
        }
        if let key = r[k("k")]?.bytesValue, let seq = r[k("seq")]?.integerValue,
           let sig = r[k("sig")]?.bytesValue, let v = r[k("v")] {
            item = ItemFields(publicKey: key, sequence: seq, value: v, signature: sig)
        }
    }
}
