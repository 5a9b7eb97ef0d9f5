/// A KRPC query (BEP 5 `ping`/`find_node`, BEP 44 `get`/`put`), or one this node does not serve.
public enum KRPCQuery: Hashable, Sendable {
    /// `ping`: are you alive?
    case ping(id: NodeID)
    /// `find_node`: the closest nodes you know to `target`.
    case findNode(id: NodeID, target: NodeID)
    /// BEP 44 `get`: the item stored under `target` (only if newer than `sequence`), a write token and close nodes.
    case get(id: NodeID, target: NodeID, sequence: Int64?)
    /// BEP 44 mutable `put`, authorised by `token`; `cas` is the sequence the writer expects to replace.
    case put(id: NodeID, token: [UInt8], request: PutRequest)
    /// Any other method (`get_peers`, `announce_peer`, immutable `put`, …): answered with error 204.
    case unsupported(method: String, id: NodeID)

    /// The raw fields of a mutable `put`, validated by the storing node (so that it can answer the
    /// BEP 44 error codes 205/206/207/301/302 rather than dropping the packet).
    public struct PutRequest: Hashable, Sendable {
        /// `k`
        public let publicKey: [UInt8]
        /// `salt` (empty when absent)
        public let salt: [UInt8]
        /// `seq`
        public let sequence: Int64
        /// `v`
        public let value: Bencode
        /// `sig`
        public let signature: [UInt8]
        /// `cas`, when the writer asked for compare-and-swap.
        public let cas: Int64?
    }

    /// The querying node's ID.
    public var senderID: NodeID {
        switch self {
        case .ping(let id), .findNode(let id, _), .get(let id, _, _), .put(let id, _, _), .unsupported(_, let id): id
        }
    }

    /// The method name on the wire.
    public var method: String {
        switch self {
        case .ping: "ping"
        case .findNode: "find_node"
        case .get: "get"
        case .put: "put"
        case .unsupported(let m, _): m
        }
    }

    var arguments: Bencode {
        var a: [[UInt8]: Bencode] = [k("id"): .bytes(senderID.bytes)]
        switch self {
        case .ping, .unsupported: break
        case .findNode(_, let target):
            a[k("target")] = .bytes(target.bytes)
        case .get(_, let target, let seq):
            a[k("target")] = .bytes(target.bytes)
            if let seq { a[k("seq")] = .integer(seq) }
        case .put(_, let token, let p):
            a[k("token")] = .bytes(token)
            a[k("k")] = .bytes(p.publicKey)
            if !p.salt.isEmpty { a[k("salt")] = .bytes(p.salt) }
            a[k("seq")] = .integer(p.sequence)
            a[k("sig")] = .bytes(p.signature)
            a[k("v")] = p.value
            if let cas = p.cas { a[k("cas")] = .integer(cas) }
        }
        return .dictionary(a)
    }

    init(method: [UInt8], arguments a: [[UInt8]: Bencode]) throws(DHTError) {
        guard let idBytes = a[k("id")]?.bytesValue, let id = NodeID(bytes: idBytes) else {
            throw DHTError(.malformedMessage, "query lacks a 20-byte 'id'")
        }
        func target() throws(DHTError) -> NodeID {
            guard let t = a[k("target")]?.bytesValue, let id = NodeID(bytes: t) else {
                throw DHTError(.malformedMessage, "query lacks a 20-byte 'target'")
            }
            return id
        }
        switch String(decoding: method, as: UTF8.self) {
        case "ping": self = .ping(id: id)
        case "find_node": self = .findNode(id: id, target: try target())
        case "get":
            if let s = a[k("seq")], s.integerValue == nil { throw DHTError(.malformedMessage, "get 'seq' is not an integer") }
            self = .get(id: id, target: try target(), sequence: a[k("seq")]?.integerValue)
        case "put" where a[k("k")] != nil:
            guard let token = a[k("token")]?.bytesValue, let key = a[k("k")]?.bytesValue,
                  let seq = a[k("seq")]?.integerValue, let sig = a[k("sig")]?.bytesValue, let v = a[k("v")] else {
                throw DHTError(.malformedMessage, "mutable put lacks token, k, seq, sig or v")
            }
            if let s = a[k("salt")], s.bytesValue == nil { throw DHTError(.malformedMessage, "put 'salt' is not a string") }
            if let c = a[k("cas")], c.integerValue == nil { throw DHTError(.malformedMessage, "put 'cas' is not an integer") }
            self = .put(id: id, token: token, request: PutRequest(
                publicKey: key, salt: a[k("salt")]?.bytesValue ?? [], sequence: seq, value: v, signature: sig,
                cas: a[k("cas")]?.integerValue))
        case let other: self = .unsupported(method: String(other.prefix(32)), id: id)
        }
    }
}

/// A dictionary key from ASCII text.
@inline(__always)
func k(_ s: String) -> [UInt8] { Array(s.utf8) }
