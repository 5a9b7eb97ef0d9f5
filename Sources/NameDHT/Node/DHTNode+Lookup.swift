/// Iterative Kademlia lookup: query the α closest unqueried candidates, merge the nodes they return,
/// and stop when the k closest live candidates have all answered (or `lookupTimeout` passes).
extension DHTNode {
    /// The candidate list of one lookup, ordered by XOR distance to the target and bounded in size.
    private struct Candidates {
        enum State { case fresh, asked, answered, failed }

        struct Candidate {
            let contact: DHTContact
            let depth: Int
            var state: State = .fresh
            /// Asked, and slower than `slowQueryThreshold`: no longer holds one of the α slots.
            var slow = false
            /// When it was asked.
            var askedAt: ContinuousClock.Instant?
            var token: [UInt8]?
        }

        /// The most candidates one lookup tracks, so hostile nodes flooding it with bogus nodes cost bounded memory.
        static let limit = 256

        let target: NodeID
        /// Closest first.
        private(set) var list: [Candidate] = []
        private var ids: Set<NodeID> = []
        private var endpoints: Set<DHTEndpoint> = []

        init(target: NodeID) { self.target = target }

        mutating func add(_ c: DHTContact, depth: Int) {
            guard !ids.contains(c.id), !endpoints.contains(c.endpoint) else { return }
            let index = list.firstIndex { target.isCloser(c.id, than: $0.contact.id) } ?? list.count
            guard index < Candidates.limit else { return }
            list.insert(Candidate(contact: c, depth: depth), at: index)
            ids.insert(c.id)
            endpoints.insert(c.endpoint)
            // Evict the farthest candidate that is not awaiting an answer.
            if list.count > Candidates.limit, let victim = list.lastIndex(where: { $0.state != .asked }) {
                ids.remove(list[victim].contact.id)
                endpoints.remove(list[victim].contact.endpoint)
                list.remove(at: victim)
            }
        }

        func index(of id: NodeID) -> Int? { list.firstIndex { $0.contact.id == id } }

        /// Indices of the k closest candidates that have not failed.
        func live(_ k: Int) -> [Int] {
            var out: [Int] = []
            out.reserveCapacity(k)
            for i in list.indices where list[i].state != .failed {
                out.append(i)
                if out.count == k { break }
            }
            return out
        }

        subscript(i: Int) -> Candidate {
            get { list[i] }
            set { list[i] = newValue }
        }
    }

    /// What the lookup's task group yields: a query's outcome, the slow-query timer, or the verdict on an item.
    private enum LookupEvent: Sendable {
        case response(NodeID, QueryOutcome)
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
    /// Speed without giving up safety:
    /// - each distinct item (same `k`, `seq`, `v`, `sig`) is checked once per lookup, in a child task, so
    ///   signature and record validation overlap the network round trips instead of stalling the node;
    /// - an item whose `seq` is not higher than the best one already accepted is not checked at all (it
    ///   could not change the result), so stale copies cost nothing;
    /// - α (`configuration.alpha`) queries are in flight, but a query outstanding for longer than
    ///   `configuration.slowQueryThreshold` stops holding its slot, so one dead node does not stall the
    ///   lookup for a whole `queryTimeout` (its answer still counts if it comes);
    /// - the lookup ends as soon as the k closest live candidates have answered, without waiting for
    ///   queries to farther nodes.
    ///
    /// - Parameter improved: called on the actor each time the best accepted item strictly improves
    ///   (higher `seq`); return `false` to end the lookup there (e.g. first answer wins).
    /// - Throws: `noNodes` when there is nobody to ask.
    func lookup(target: NodeID, itemSalt: [UInt8]? = nil, expectedKey: [UInt8]? = nil,
                accept: @escaping @Sendable (MutableItem) -> String? = { _ in nil },
                improved: (MutableItem) -> Bool = { _ in true }) async throws(DHTError) -> DHTLookupResult {
        let k = configuration.k, alpha = max(1, configuration.alpha)
        let deadline = clock.now.advanced(by: configuration.lookupTimeout)
        let slowAfter = configuration.slowQueryThreshold.flatMap { $0 < configuration.queryTimeout ? $0 : nil }
        var candidates = Candidates(target: target)
        for c in table.closest(to: target, count: k * 2) { candidates.add(c, depth: 1) }
        guard !candidates.list.isEmpty else { throw DHTError(.noNodes, "routing table is empty; bootstrap first") }

        var tally = ItemTally()
        var stop = false
        // An item in our own store is checked like a responder's (in a child task, overlapping the first
        // queries) but does not count as a responder.
        var localFields: KRPCResponse.ItemFields?
        if let salt = itemSalt, let local = store.get(target, now: clock.now), local.salt == salt {
            localFields = .init(publicKey: local.publicKey, sequence: local.sequence, value: local.value, signature: local.signature)
        }
        // Responders usually return the same item: verify each distinct one once. Responders whose item
        // is still being checked wait in `awaiting`.
        var verdicts: [KRPCResponse.ItemFields: ItemVerdict] = [:]
        var awaiting: [KRPCResponse.ItemFields: [DHTEndpoint]] = [:]
        var checking = 0
        var queried = 0, responded = 0
        let query: KRPCQuery = itemSalt == nil ? .findNode(id: id, target: target) : .get(id: id, target: target, sequence: nil)

        await withTaskGroup(of: LookupEvent.self) { group in
            // Queries holding an α slot, and all queries awaiting an answer.
            var inFlight = 0, outstanding = 0
            // One timer per lookup (not one per query): it wakes when the oldest query holding a slot turns slow.
            var timerRunning = false
            if let localFields, let salt = itemSalt {
                awaiting[localFields] = []
                checking += 1
                group.addTask {
                    .verdict(localFields, DHTNode.checkItem(localFields, salt: salt, target: target, expectedKey: expectedKey, accept: accept))
                }
            }
            while !stop, !Task.isCancelled {
                let live = candidates.live(k)
                if checking == 0, live.allSatisfy({ candidates[$0].state == .answered }) { break }
                for i in live where candidates[i].state == .fresh && inFlight < alpha {
                    candidates[i].state = .asked
                    candidates[i].askedAt = clock.now
                    inFlight += 1
                    outstanding += 1
                    queried += 1
                    let cid = candidates[i].contact.id, endpoint = candidates[i].contact.endpoint
                    group.addTask { .response(cid, await self.exchange(query, to: endpoint)) }
                }
                if let slowAfter, !timerRunning, inFlight > 0,
                   let oldest = candidates.list.lazy.filter({ $0.state == .asked && !$0.slow }).compactMap(\.askedAt).min() {
                    timerRunning = true
                    let wake = oldest.advanced(by: slowAfter)
                    group.addTask {
                        try? await Task.sleep(until: wake, clock: .continuous)
                        return .tick
                    }
                }
                if (outstanding == 0 && checking == 0) || clock.now >= deadline { break }
                guard let event = await group.next() else { break }
                let cid: NodeID, outcome: QueryOutcome
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
                    continue
                case .tick:
                    timerRunning = false
                    if let slowAfter {
                        let now = clock.now
                        for i in candidates.list.indices where candidates[i].state == .asked && !candidates[i].slow {
                            if let at = candidates[i].askedAt, now - at >= slowAfter {
                                candidates[i].slow = true
                                inFlight -= 1
                            }
                        }
                    }
                    continue
                case .response(let id, let o):
                    cid = id
                    outcome = o
                }
                outstanding -= 1
                guard let i = candidates.index(of: cid) else { continue }
                if !candidates[i].slow { inFlight -= 1 }
                let contact = candidates[i].contact
                switch outcome {
                case .failed(let error):
                    candidates[i].state = .failed
                    if error.code == .timeout { table.failed(contact) }
                    drop("query_failed", "\(query.method) to \(contact.endpoint): \(error.reason)")
                case .answered(let r):
                    guard r.id == cid || candidates[i].depth == 1 else {
                        // A node answering with another ID than it was listed under: do not trust what it says.
                        candidates[i].state = .failed
                        drop("id_mismatch", "\(contact.endpoint) answered as \(r.id), listed as \(cid)")
                        continue
                    }
                    responded += 1
                    candidates[i].state = .answered
                    candidates[i].token = r.token
                    let depth = candidates[i].depth
                    for n in r.nodes where acceptable(n) { candidates.add(n, depth: depth + 1) }
                    if let salt = itemSalt, let fields = r.item {
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
                }
            }
            group.cancelAll()
        }
        let answered = candidates.list.filter { $0.state == .answered }.prefix(k)
        return DHTLookupResult(target: target, closest: answered.map { ($0.contact, $0.token) }, item: tally.best,
                               itemResponders: tally.responders, hops: answered.first?.depth ?? 0,
                               queried: queried, responded: responded)
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
