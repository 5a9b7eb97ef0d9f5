/// Iterative Kademlia lookup: query the α closest unqueried candidates, merge the nodes they return,
/// and stop when the k closest responding candidates have all answered (or `lookupTimeout` passes).
extension DHTNode {
    /// What the lookup's task group yields: a query's outcome, a timer, or the verdict on an item.
    private enum LookupEvent: Sendable {
        case response(NodeID, QueryOutcome)
        /// The answer of a bootstrap host, whose ID is not known until it answers.
        case seed(DHTEndpoint, QueryOutcome)
        case tick
        case verdict(KRPCResponse.ItemFields, ItemVerdict)
    }

    enum ItemVerdict: Sendable {
        case accepted(MutableItem)
        case rejected(String)
    }

    /// The best item so far and how many responders returned a valid one.
    private struct ItemTally {
        var best: MutableItem?
        var responders = 0

        /// Counts `verdict`; returns the reason when the item was rejected, and whether it became the best.
        mutating func count(_ verdict: ItemVerdict) -> (rejection: String?, improved: Bool) {
            switch verdict {
            case .accepted(let item):
                responders += 1
                guard best.map({ item.sequence > $0.sequence }) ?? true else { return (nil, false) }
                best = item
                return (nil, true)
            case .rejected(let reason):
                return (reason, false)
            }
        }
    }

    /// Runs a lookup for `target`. With `itemSalt` set it is a BEP 44 `get` lookup: responders' items are
    /// checked (key/salt match the target, signature, then `accept`) and the highest `seq` is kept;
    /// otherwise it is a `find_node` lookup.
    ///
    /// Works in a network that is mostly dead addresses:
    /// - it starts at once from every contact it has: the routing table's closest nodes, and, while the
    ///   table holds fewer than k good nodes, every bootstrap host (asked in parallel, outside the α
    ///   slots); it never waits for a bootstrap to finish;
    /// - α (`configuration.alpha`) queries hold slots, but a query unanswered after its adaptive timeout
    ///   (from measured round trips, at most `queryTimeout`) gives up its slot and stops counting for the
    ///   lookup's end, so a dead node costs one short timeout (a late answer still counts);
    /// - the lookup ends when the k closest candidates still in the running (not failed, not slow) have
    ///   all answered, or at `lookupTimeout`;
    /// - each distinct item (same `k`, `seq`, `v`, `sig`) is checked once per lookup, in a child task, so
    ///   signature and record validation overlap the network round trips; an item whose `seq` is not
    ///   higher than the best one already accepted is not checked at all;
    /// - with `configuration.secure`, items are trusted only from responders whose node ID is valid for
    ///   their address per BEP 42.
    ///
    /// - Parameter improved: called on the actor each time the best accepted item strictly improves
    ///   (higher `seq`); return `false` to end the lookup there (e.g. first answer wins).
    /// - Throws: `noNodes` when there is nobody to ask.
    func lookup(target: NodeID, itemSalt: [UInt8]? = nil, expectedKey: [UInt8]? = nil,
                accept: @escaping @Sendable (MutableItem) -> String? = { _ in nil },
                improved: (MutableItem) -> Bool = { _ in true }) async throws(DHTError) -> DHTLookupResult {
        let k = configuration.k, alpha = max(1, configuration.alpha)
        let deadline = clock.now.advanced(by: configuration.lookupTimeout)
        var initial = LookupCandidates(target: target)
        for c in table.closest(to: target, count: k * 2) { initial.add(c, depth: 1) }
        let seeds = (table.goodCount(now: clock.now) < k ? await seedEndpoints() : []).filter { !initial.contains($0) && acceptableSeed($0) }
        guard !initial.list.isEmpty || !seeds.isEmpty else {
            throw DHTError(.noNodes, "routing table is empty and no bootstrap host is known")
        }
        // An item in our own store is checked like a responder's (in a child task, overlapping the first
        // queries) but does not count as a responder.
        let localFields: KRPCResponse.ItemFields? = itemSalt.flatMap { salt in
            store.get(target, now: clock.now).flatMap { local in
                local.salt == salt ? .init(publicKey: local.publicKey, sequence: local.sequence, value: local.value, signature: local.signature) : nil
            }
        }
        let query: KRPCQuery = itemSalt == nil ? .findNode(id: id, target: target) : .get(id: id, target: target, sequence: nil)
        let adaptive = configuration.adaptiveTimeouts
        // Re-read at every step: the first answers (often the bootstrap hosts') shorten the wait for
        // queries already sent to dead nodes.
        func slowAfter() -> Duration { adaptive ? rtt.timeout : configuration.queryTimeout }

        return await withTaskGroup(of: LookupEvent.self) { group in
            var candidates = initial
            var tally = ItemTally()
            var stop = false
            // Responders usually return the same item: verify each distinct one once. Responders whose
            // item is still being checked wait in `awaiting`.
            var verdicts: [KRPCResponse.ItemFields: ItemVerdict] = [:]
            var awaiting: [KRPCResponse.ItemFields: [DHTEndpoint]] = [:]
            var checking = 0
            var queried = 0, responded = 0
            // Queries holding an α slot, and all queries awaiting an answer.
            var inFlight = 0, outstanding = 0
            // Bootstrap hosts asked and not yet answered (and not yet slow), with when they were asked.
            var seedsWaiting: [DHTEndpoint: ContinuousClock.Instant] = [:]
            // When the earliest pending timer wakes.
            var timerAt: ContinuousClock.Instant?

            func schedule(_ wake: ContinuousClock.Instant) {
                guard timerAt.map({ wake < $0 }) ?? true else { return }
                timerAt = wake
                group.addTask {
                    try? await Task.sleep(until: wake, clock: .continuous)
                    return .tick
                }
            }

            /// Counts an item a responder returned.
            func tallyItem(_ fields: KRPCResponse.ItemFields, from contact: DHTContact, salt: [UInt8]) {
                if configuration.secure, !BEP42.isValid(contact) {
                    return drop("insecure_id", "item from \(contact) ignored: node ID not valid for its address (BEP 42)")
                }
                if let verdict = verdicts[fields] {
                    let (rejection, better) = tally.count(verdict)
                    if let rejection { drop("invalid_item", "from \(contact.endpoint): \(rejection)") }
                    if better, !stop, let best = tally.best { stop = !improved(best) }
                } else if awaiting[fields] != nil {
                    awaiting[fields]!.append(contact.endpoint)
                } else if let best = tally.best, fields.sequence <= best.sequence {
                    // Cannot beat what we hold: not worth a signature check (nor trusted for anything).
                    drop("stale_item", "seq \(fields.sequence) from \(contact.endpoint), already hold \(best.sequence)")
                } else {
                    awaiting[fields] = [contact.endpoint]
                    checking += 1
                    group.addTask {
                        .verdict(fields, DHTNode.checkItem(fields, salt: salt, target: target, expectedKey: expectedKey, accept: accept))
                    }
                }
            }

            /// Takes in the answer of candidate `i`.
            func answered(_ i: Int, _ r: KRPCResponse) {
                responded += 1
                candidates[i].state = .answered
                candidates[i].token = r.token
                let depth = candidates[i].depth
                for n in r.nodes where acceptable(n) { candidates.add(n, depth: depth + 1) }
                if let salt = itemSalt, let fields = r.item { tallyItem(fields, from: candidates[i].contact, salt: salt) }
            }

            if let localFields, let salt = itemSalt {
                awaiting[localFields] = []
                checking += 1
                group.addTask {
                    .verdict(localFields, DHTNode.checkItem(localFields, salt: salt, target: target, expectedKey: expectedKey, accept: accept))
                }
            }
            for e in seeds {
                outstanding += 1
                queried += 1
                seedsWaiting[e] = clock.now
                group.addTask { .seed(e, await self.exchange(query, to: e)) }
            }
            schedule(deadline)
            while !stop, !Task.isCancelled {
                let live = candidates.live(k)
                let closestAnswered = checking == 0 && live.allSatisfy { candidates[$0].state == .answered }
                let nothingPending = seedsWaiting.isEmpty && (responded > 0 || outstanding == 0)
                if closestAnswered, live.count >= k || nothingPending { break }
                for i in live where candidates[i].state == .fresh && inFlight < alpha {
                    candidates[i].state = .asked
                    candidates[i].askedAt = clock.now
                    inFlight += 1
                    outstanding += 1
                    queried += 1
                    let cid = candidates[i].contact.id, endpoint = candidates[i].contact.endpoint
                    group.addTask { .response(cid, await self.exchange(query, to: endpoint)) }
                }
                if let oldest = [candidates.oldestAsked, seedsWaiting.values.min()].compactMap({ $0 }).min() {
                    schedule(oldest.advanced(by: slowAfter()))
                }
                if (outstanding == 0 && checking == 0) || clock.now >= deadline { break }
                guard let event = await group.next() else { break }
                switch event {
                case .verdict(let fields, let verdict):
                    checking -= 1
                    verdicts[fields] = verdict
                    if fields == localFields, case .accepted(let item) = verdict,
                       tally.best.map({ item.sequence > $0.sequence }) ?? true {
                        tally.best = item
                        if !stop { stop = !improved(item) }
                    }
                    for endpoint in awaiting.removeValue(forKey: fields) ?? [] {
                        let (rejection, better) = tally.count(verdict)
                        if let rejection { drop("invalid_item", "from \(endpoint): \(rejection)") }
                        if better, !stop, let best = tally.best { stop = !improved(best) }
                    }
                case .tick:
                    let now = clock.now
                    if timerAt.map({ $0 <= now }) ?? false { timerAt = nil }
                    let timeout = slowAfter()
                    inFlight -= candidates.markSlow(now: now, timeout: timeout)
                    seedsWaiting = seedsWaiting.filter { now - $0.value < timeout }
                case .seed(let endpoint, let outcome):
                    outstanding -= 1
                    seedsWaiting[endpoint] = nil
                    switch outcome {
                    case .failed(let error):
                        drop("query_failed", "\(query.method) to bootstrap host \(endpoint): \(error.reason)")
                    case .answered(let r):
                        guard r.id != id, let i = candidates.add(DHTContact(id: r.id, endpoint: endpoint), depth: 1) ?? candidates.index(of: r.id),
                              candidates[i].contact.endpoint == endpoint, candidates[i].state != .answered else { continue }
                        if candidates[i].state == .asked, !candidates[i].slow { inFlight -= 1 }
                        answered(i, r)
                    }
                case .response(let cid, let outcome):
                    outstanding -= 1
                    guard let i = candidates.index(of: cid) else { continue }
                    if candidates[i].state == .asked, !candidates[i].slow { inFlight -= 1 }
                    guard candidates[i].state == .asked else { continue }
                    let contact = candidates[i].contact
                    switch outcome {
                    case .failed(let error):
                        candidates[i].state = .failed
                        if error.code == .timeout { failed(contact) }
                        drop("query_failed", "\(query.method) to \(contact.endpoint): \(error.reason)")
                    case .answered(let r):
                        guard r.id == cid || candidates[i].depth == 1 else {
                            // A node answering with another ID than it was listed under: do not trust what it says.
                            candidates[i].state = .failed
                            drop("id_mismatch", "\(contact.endpoint) answered as \(r.id), listed as \(cid)")
                            continue
                        }
                        answered(i, r)
                    }
                }
            }
            group.cancelAll()
            // Nodes still silent past their adaptive timeout when the lookup ended count as failed.
            for c in candidates.list where c.state == .asked && c.slow { failed(c.contact) }
            let answered = candidates.list.filter { $0.state == .answered }.prefix(k)
            return DHTLookupResult(target: target, closest: answered.map { ($0.contact, $0.token) }, item: tally.best,
                                   itemResponders: tally.responders, hops: answered.first?.depth ?? 0,
                                   queried: queried, responded: responded)
        }
    }

    /// Checks an item a responder returned: bounds, key/salt hash to the target, BEP 44 signature, then `accept`.
    private static func checkItem(_ f: KRPCResponse.ItemFields, salt: [UInt8], target: NodeID, expectedKey: [UInt8]?,
                                  accept: (MutableItem) -> String?) -> ItemVerdict {
        let item: MutableItem
        do {
            item = try MutableItem(publicKey: f.publicKey, salt: salt, sequence: f.sequence, value: f.value, signature: f.signature)
        } catch {
            return .rejected(error.description)
        }
        guard item.target == target, expectedKey.map({ $0 == item.publicKey }) ?? true else {
            return .rejected("item key does not hash to the target")
        }
        guard item.verify() else { return .rejected("BEP 44 signature does not verify") }
        if let reason = accept(item) { return .rejected(reason) }
        return .accepted(item)
    }
}
