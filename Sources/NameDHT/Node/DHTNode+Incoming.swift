/// Handling of received datagrams: matching responses to pending queries, and answering queries
/// (the storage side of BEP 44).
extension DHTNode {
    func receive(_ bytes: [UInt8], from: DHTEndpoint) {
        packetsReceived += 1
        guard bytes.count <= configuration.maxPacketSize else {
            return drop("oversized", "\(bytes.count)-byte datagram from \(from)")
        }
        let message: KRPCMessage
        do {
            message = try KRPCMessage(decoding: bytes, decoder: decoder)
        } catch {
            return drop(error.code.rawValue, "from \(from): \(error.reason)")
        }
        switch message.body {
        case .query(let q):
            guard limiter.allow(from.address, now: clock.now) else {
                return drop("rate_limited", "\(q.method) from \(from)")
            }
            guard answerLimiter.allow([], now: clock.now) else {
                return drop("answer_rate_limited", "\(q.method) from \(from)")
            }
            answer(q, transactionID: message.transactionID, want: message.want, from: from)
        case .response(let r):
            guard let tid = matchTransaction(message.transactionID, from: from) else { return }
            if let reported = message.ip { observe(reported: reported, by: from) }
            // We chose to query this endpoint, so it is kept even on a private address (e.g. a LAN bootstrap node).
            admit(DHTContact(id: r.id, endpoint: from))
            finish(tid, with: .answered(r))
        case .error(let code, let text):
            guard let tid = matchTransaction(message.transactionID, from: from) else { return }
            finish(tid, with: .failed(DHTError(.remoteError, "\(from) answered \(code) \(text)", remoteCode: code)))
        }
    }

    /// The pending query an answer belongs to: same transaction ID, and sent to the address it comes from.
    private func matchTransaction(_ tid: [UInt8], from: DHTEndpoint) -> [UInt8]? {
        guard let p = pending[tid], p.endpoint == from else {
            drop("unknown_transaction", "no query \(Hex.encode(tid)) pending for \(from)")
            return nil
        }
        return tid
    }

    /// BEP 32: the nodes of the families the requester wants (its own when it says nothing) that we have.
    private func closest(to target: NodeID, want: [String], from: DHTEndpoint) -> [DHTContact] {
        let v4 = want.isEmpty ? !from.isIPv6 : want.contains("n4"), v6 = want.isEmpty ? from.isIPv6 : want.contains("n6")
        return table.closest(to: target, count: configuration.k, now: clock.now) { $0.endpoint.isIPv6 ? v6 : v4 }
    }

    private func answer(_ q: KRPCQuery, transactionID t: [UInt8], want: [String], from: DHTEndpoint) {
        let now = clock.now
        let sender = DHTContact(id: q.senderID, endpoint: from)
        // A node that only queried us is not trusted with a routing-table slot until it answers a ping.
        if acceptable(sender), table.queried(by: sender, now: now) { verify(sender) }
        // BEP 42: every answer tells the requester the address it came from.
        func reply(_ r: KRPCResponse) { send(KRPCMessage(transactionID: t, body: .response(r), ip: from), to: from) }
        func fail(_ code: Int64, _ text: String) {
            drop("refused_\(code)", "\(q.method) from \(from): \(text)")
            send(KRPCMessage(transactionID: t, body: .error(code: code, message: text), ip: from), to: from)
        }
        switch q {
        case .ping:
            reply(KRPCResponse(id: id))
        case .findNode(_, let target):
            reply(KRPCResponse(id: id, nodes: closest(to: target, want: want, from: from)))
        case .get(_, let target, let seq):
            var r = KRPCResponse(id: id, nodes: closest(to: target, want: want, from: from),
                                 token: tokens.token(for: from, now: now))
            if let item = store.get(target, now: now), seq.map({ item.sequence > $0 }) ?? true {
                r.item = .init(publicKey: item.publicKey, sequence: item.sequence, value: item.value, signature: item.signature)
            }
            reply(r)
        case .put(_, let token, let p):
            guard tokens.isValid(token, from: from, now: now) else { return fail(203, "invalid token") }
            let item: MutableItem
            do {
                item = try MutableItem(publicKey: p.publicKey, salt: p.salt, sequence: p.sequence, value: p.value, signature: p.signature)
            } catch {
                switch error.code {
                case .valueTooLarge: return fail(205, "message (v field) too big")
                case .saltTooLarge: return fail(207, "salt (salt field) too big")
                default: return fail(206, "invalid signature")
                }
            }
            do {
                try store.put(item, cas: p.cas, from: from.address, now: now)
                reply(KRPCResponse(id: id))
            } catch {
                fail(error.code, error.message)
            }
        case .unsupported(let method, _):
            fail(204, "method unknown: \(method)")
        }
    }
}
