/// Iterative Kademlia lookup: query the α closest unqueried candidates, merge the nodes they return,
/// and stop when the k closest live candidates have all answered (or `lookupTimeout` passes).
extension DHTNode {
    private enum CandidateState { case fresh, asked, answered, failed }

    private struct Candidate {
        let contact: DHTContact
        let depth: Int
        var state: CandidateState = .fresh
        var token: [UInt8]?
    }

    /// The most candidates one lookup tracks, so hostile nodes flooding it with bogus nodes cost bounded memory.
    private static var maxCandidates: Int { 256 }

    /// Runs a lookup for `target`. With `itemSalt` set it is a BEP 44 `get` lookup: responders' items are
    /// checked (key/salt match the target, signature, then `accept`) and the highest `seq` is kept;
    /// otherwise it is a `find_node` lookup.
    /// - Throws: `noNodes` when there is nobody to ask.
    func lookup(target: NodeID, itemSalt: [UInt8]? = nil, expectedKey: [UInt8]? = nil,
                accept: @Sendable (MutableItem) -> String? = { _ in nil }) async throws(DHTError) -> DHTLookupResult {
        let k = configuration.k, alpha = configuration.alpha
        let deadline = clock.now.advanced(by: configuration.lookupTimeout)
        var candidates: [NodeID: Candidate] = [:]
        var order: [NodeID] = []
        func add(_ c: DHTContact, depth: Int) {
            guard candidates[c.id] == nil, acceptable(c) || depth == 1 else { return }
            guard !order.contains(where: { candidates[$0]!.contact.endpoint == c.endpoint }) else { return }
            let index = order.firstIndex { target.isCloser(c.id, than: $0) } ?? order.count
            guard index < DHTNode.maxCandidates else { return }
            candidates[c.id] = Candidate(contact: c, depth: depth)
            order.insert(c.id, at: index)
            if order.count > DHTNode.maxCandidates, let last = order.popLast() { candidates[last] = nil }
        }
        for c in table.closest(to: target, count: k * 2) { add(c, depth: 1) }
        guard !order.isEmpty else { throw DHTError(.noNodes, "routing table is empty; bootstrap first") }

        var best: MutableItem? = nil
        if let salt = itemSalt, let local = store.get(target, now: clock.now), local.salt == salt, accept(local) == nil {
            best = local
        }
        // Responders usually return the same item: verify each distinct one once.
        var verdicts: [KRPCResponse.ItemFields: Result<MutableItem, DHTError>] = [:]
        var itemResponders = 0
        var queried = 0, responded = 0
        let query: KRPCQuery = itemSalt == nil ? .findNode(id: id, target: target) : .get(id: id, target: target, sequence: nil)

        await withTaskGroup(of: (NodeID, Result<KRPCResponse, DHTError>).self) { group in
            var inFlight = 0
            while true {
                let live = order.lazy.filter { candidates[$0]!.state != .failed }.prefix(k)
                if live.allSatisfy({ candidates[$0]!.state == .answered }) { break }
                for cid in live where candidates[cid]!.state == .fresh && inFlight < alpha {
                    candidates[cid]!.state = .asked
                    inFlight += 1
                    queried += 1
                    let endpoint = candidates[cid]!.contact.endpoint
                    group.addTask {
                        do throws(DHTError) { return (cid, .success(try await self.query(query, to: endpoint))) } catch { return (cid, .failure(error)) }
                    }
                }
                if inFlight == 0 || clock.now >= deadline { break }
                guard let (cid, result) = await group.next() else { break }
                inFlight -= 1
                switch result {
                case .failure(let error):
                    candidates[cid]!.state = .failed
                    if error.code == .timeout { table.failed(candidates[cid]!.contact) }
                    drop("query_failed", "\(query.method) to \(candidates[cid]!.contact.endpoint): \(error.reason)")
                case .success(let r):
                    guard r.id == cid || candidates[cid]!.depth == 1 else {
                        // A node answering with another ID than it was listed under: do not trust what it says.
                        candidates[cid]!.state = .failed
                        drop("id_mismatch", "\(candidates[cid]!.contact.endpoint) answered as \(r.id), listed as \(cid)")
                        continue
                    }
                    responded += 1
                    candidates[cid]!.state = .answered
                    candidates[cid]!.token = r.token
                    let depth = candidates[cid]!.depth
                    for n in r.nodes { add(n, depth: depth + 1) }
                    if let salt = itemSalt, let fields = r.item {
                        let verdict = verdicts[fields] ?? checkItem(fields, salt: salt, target: target, expectedKey: expectedKey, accept: accept)
                        verdicts[fields] = verdict
                        switch verdict {
                        case .success(let item):
                            itemResponders += 1
                            if best == nil || item.sequence > best!.sequence { best = item }
                        case .failure(let reason):
                            drop("invalid_item", "from \(candidates[cid]!.contact.endpoint): \(reason.reason)")
                        }
                    }
                }
            }
            group.cancelAll()
        }
        let answered = order.compactMap { cid -> (contact: DHTContact, token: [UInt8]?, depth: Int)? in
            let c = candidates[cid]!
            return c.state == .answered ? (c.contact, c.token, c.depth) : nil
        }.prefix(k)
        return DHTLookupResult(target: target, closest: answered.map { ($0.contact, $0.token) }, item: best,
                               itemResponders: itemResponders, hops: answered.first?.depth ?? 0,
                               queried: queried, responded: responded)
    }

    private func checkItem(_ f: KRPCResponse.ItemFields, salt: [UInt8], target: NodeID, expectedKey: [UInt8]?,
                           accept: (MutableItem) -> String?) -> Result<MutableItem, DHTError> {
        let item: MutableItem
        do {
            item = try MutableItem(publicKey: f.publicKey, salt: salt, sequence: f.sequence, value: f.value, signature: f.signature)
        } catch {
            return .failure(error)
        }
        guard item.target == target, expectedKey.map({ $0 == item.publicKey }) ?? true else {
            return .failure(DHTError(.invalidSignature, "item key does not hash to the target"))
        }
        guard item.verify() else { return .failure(DHTError(.invalidSignature, "BEP 44 signature does not verify")) }
        if let reason = accept(item) { return .failure(DHTError(.invalidRecord, reason)) }
        return .success(item)
    }
}
