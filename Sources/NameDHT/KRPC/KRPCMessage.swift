/// One KRPC datagram (BEP 5): a transaction ID and a query, response or error.
public struct KRPCMessage: Hashable, Sendable {
    /// The transaction ID the responder echoes.
    public var transactionID: [UInt8]
    /// What the message carries.
    public var body: Body
    /// BEP 32 `want` of a query: the address families (`n4`, `n6`) whose nodes the requester wants;
    /// empty: the family it asked from.
    public var want: [String] = []
    /// BEP 42 `ip` of a response: the requester's address and port as the responder saw them (compact,
    /// 6 or 18 bytes on the wire). A requester learns its public address from these (see
    /// `DHTConfiguration.externalAddressVotes`); a field of another length is ignored.
    public var ip: DHTEndpoint?

    /// The three KRPC message kinds.
    public enum Body: Hashable, Sendable {
        /// `y = q`
        case query(KRPCQuery)
        /// `y = r`
        case response(KRPCResponse)
        /// `y = e`: a numeric code (201 generic, 202 server, 203 protocol, 204 method unknown,
        /// BEP 44: 205 message too big, 206 invalid signature, 207 salt too big, 301 cas mismatch,
        /// 302 sequence number less than current) and a message.
        case error(code: Int64, message: String)
    }

    /// The longest transaction ID accepted from the wire.
    static let maxTransactionIDLength = 16

    /// Makes a message.
    public init(transactionID: [UInt8], body: Body, want: [String] = [], ip: DHTEndpoint? = nil) {
        self.transactionID = transactionID
        self.body = body
        self.want = want
        self.ip = ip
    }

    /// Decodes a datagram with the strict bencode decoder, then checks the KRPC structure.
    /// - Throws: `malformedBencode` or `malformedMessage`.
    public init(decoding bytes: [UInt8], decoder: BencodeDecoder = BencodeDecoder()) throws(DHTError) {
        guard case .dictionary(let top) = try decoder.decode(bytes) else {
            throw DHTError(.malformedMessage, "KRPC message is not a dictionary")
        }
        guard let t = top[k("t")]?.bytesValue, !t.isEmpty, t.count <= KRPCMessage.maxTransactionIDLength else {
            throw DHTError(.malformedMessage, "missing or oversized transaction id 't'")
        }
        transactionID = t
        ip = top[k("ip")]?.bytesValue.flatMap { DHTEndpoint(compact: $0) }
        switch top[k("y")]?.bytesValue {
        case [UInt8(ascii: "q")]:
            guard let q = top[k("q")]?.bytesValue, let a = top[k("a")]?.dictionaryValue else {
                throw DHTError(.malformedMessage, "query lacks 'q' or 'a'")
            }
            body = .query(try KRPCQuery(method: q, arguments: a))
            // Unknown entries are ignored, as BEP 32 asks; at most the two known ones are kept.
            want = (a[k("want")]?.listValue ?? []).compactMap { $0.bytesValue.map { String(decoding: $0, as: UTF8.self) } }
                .filter { $0 == "n4" || $0 == "n6" }.prefix(2).map { $0 }
        case [UInt8(ascii: "r")]:
            guard let r = top[k("r")]?.dictionaryValue else { throw DHTError(.malformedMessage, "response lacks 'r'") }
            body = .response(try KRPCResponse(decoding: r))
        case [UInt8(ascii: "e")]:
            guard let e = top[k("e")]?.listValue, e.count >= 2, let code = e[0].integerValue, let msg = e[1].bytesValue else {
                throw DHTError(.malformedMessage, "error lacks [code, message]")
            }
            body = .error(code: code, message: String(decoding: msg.prefix(200), as: UTF8.self))
        default:
            throw DHTError(.malformedMessage, "'y' is not q, r or e")
        }
    }

    /// The canonical bencoded datagram.
    public var encoded: [UInt8] {
        var top: [[UInt8]: Bencode] = [k("t"): .bytes(transactionID)]
        if let ip { top[k("ip")] = .bytes(ip.compact) }
        switch body {
        case .query(let q):
            top[k("y")] = .string("q")
            top[k("q")] = .string(q.method)
            if want.isEmpty {
                top[k("a")] = q.arguments
            } else if case .dictionary(var a) = q.arguments {
                a[k("want")] = .list(want.map { .string($0) })
                top[k("a")] = .dictionary(a)
            }
        case .response(let r):
            top[k("y")] = .string("r")
            top[k("r")] = r.encoded
        case .error(let code, let message):
            top[k("y")] = .string("e")
            top[k("e")] = .list([.integer(code), .string(message)])
        }
        return Bencode.dictionary(top).encoded
    }
}
