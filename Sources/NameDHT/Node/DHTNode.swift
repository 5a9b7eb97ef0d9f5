import Logging
import NameRecord
import Sodium

/// A Mainline DHT node (BEP 5 KRPC with BEP 44 `get`/`put`): answers other nodes, stores their
/// items, and publishes and resolves IPNS records as BEP 44 mutable items.
///
/// ```swift
/// let node = DHTNode(configuration: DHTConfiguration())
/// try await node.start()
/// try await node.publish(record: record, key: key)   // asks the bootstrap hosts at once
/// let found = try await node.resolve(name: name)
/// ```
///
/// Lookups never wait for a bootstrap: each starts from the routing table and, while the table holds
/// fewer than k good nodes, from the bootstrap hosts too (`configuration.bootstrapNodes` and any given
/// to `bootstrap(_:)`). Only nodes that answered our queries enter the routing table (BEP 5); a
/// long-running node pings questionable nodes and refreshes quiet buckets every
/// `maintenanceInterval`.
public actor DHTNode {
    /// This node's ID. It changes once, per BEP 42, when the node learns a public address (from a
    /// majority of responders' `ip` fields) for which it is not valid, unless `configuration.nodeID` fixes it.
    public private(set) var id: NodeID
    /// The settings it runs with.
    public nonisolated let configuration: DHTConfiguration

    var logger: Logger { configuration.logger }
    var transport: (any DatagramTransport)?
    private let makeTransport: @Sendable () throws(DHTError) -> any DatagramTransport
    var table: RoutingTable
    var store: ItemStore
    var tokens: TokenIssuer
    var limiter: RateLimiter
    /// All answers this node sends, whoever asks (a node must not become a traffic amplifier).
    var answerLimiter: RateLimiter
    /// Round trips of answered queries, for adaptive timeouts.
    var rtt: RTTEstimator
    /// Responders' reports of our address (BEP 42 `ip`).
    var voter: ExternalAddressVoter
    /// Bootstrap endpoints given to `bootstrap(_:)`, and the configured hosts once resolved.
    var seeds: [DHTEndpoint] = []
    var seedHostsResolved = false
    /// Pings in flight to verify nodes before they may enter the routing table.
    var verifying: Set<DHTEndpoint> = []
    let decoder = BencodeDecoder()
    let clock = ContinuousClock()

    /// How one query ended. Child tasks pass this plain enum around instead of throwing, which keeps
    /// task-group results simple values.
    enum QueryOutcome: Sendable {
        case answered(KRPCResponse)
        case failed(DHTError)
    }

    struct Pending {
        let endpoint: DHTEndpoint
        let sent: ContinuousClock.Instant
        let continuation: CheckedContinuation<QueryOutcome, Never>
        /// Fails the query after `queryTimeout`; cancelled when the answer comes first.
        var timer: Task<Void, Never>?
    }
    /// Queries awaiting an answer, by transaction ID (random, from libsodium's CSPRNG, so that an
    /// off-path attacker cannot guess one and answer in a queried node's place).
    var pending: [[UInt8]: Pending] = [:]
    private var inFlight = 0
    private var slotWaiters: [CheckedContinuation<Void, Never>] = []
    var packetsReceived = 0
    var dropped: [String: Int] = [:]
    var lastBootstrap: Timestamp?
    private var maintenance: Task<Void, Never>?
    private let backlog: PacketBacklog

    /// Makes a node that will listen on `configuration.bindAddress` once started.
    public init(configuration: DHTConfiguration = DHTConfiguration()) {
        let bind = configuration.bindAddress, bind6 = configuration.bindAddress6
        self.init(configuration: configuration) { () throws(DHTError) in
            let primary = try UDPTransport(bind: bind)
            // Dual-stack when the host has IPv6 (BEP 32); IPv4 alone when it cannot bind.
            guard !bind.isIPv6, let bind6, let v6 = try? UDPTransport(bind: bind6) else { return primary }
            return DualStackTransport(v4: primary, v6: v6)
        }
    }

    /// Makes a node over a custom transport (tests: an in-memory network).
    init(configuration: DHTConfiguration, transport: @escaping @Sendable () throws(DHTError) -> any DatagramTransport) {
        self.configuration = configuration
        let id = configuration.nodeID ?? configuration.externalAddress.flatMap(BEP42.nodeID(for:))
            ?? BEP42.nodeID(for: configuration.bindAddress.address) ?? NodeID.random()
        self.id = id
        makeTransport = transport
        let now = ContinuousClock.now
        let secure = configuration.secure
        table = RoutingTable(ownID: id, k: configuration.k, now: now) { !secure || BEP42.isValid($0) }
        store = ItemStore(capacity: configuration.maxStoredItems, perSourceCapacity: configuration.maxStoredItemsPerIP,
                          lifetime: configuration.itemLifetime)
        tokens = TokenIssuer(now: now)
        limiter = RateLimiter(perSecond: configuration.queriesPerSecondPerIP, burst: configuration.queryBurstPerIP)
        answerLimiter = RateLimiter(perSecond: configuration.answersPerSecond, burst: configuration.answersPerSecond)
        rtt = RTTEstimator(floor: configuration.minimumQueryTimeout, ceiling: configuration.queryTimeout)
        backlog = PacketBacklog(limit: configuration.maxQueuedPackets)
        voter = ExternalAddressVoter(quorum: configuration.externalAddressVotes)
    }

    deinit {
        transport?.close()
        maintenance?.cancel()
    }

    /// Opens the socket and starts answering queries. Idempotent.
    /// - Returns: the endpoint the node listens on (the real port when bound to port 0).
    /// - Throws: `socketError` when the address cannot be bound.
    @discardableResult
    public func start() throws(DHTError) -> DHTEndpoint {
        if let transport { return transport.localEndpoint }
        let t = try makeTransport()
        transport = t
        t.start { [weak self, backlog] bytes, from in
            guard let self, backlog.enter() else { return }
            Task {
                await self.receive(bytes, from: from)
                backlog.leave()
            }
        }
        let interval = configuration.maintenanceInterval
        maintenance = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                await self?.maintain()
            }
        }
        return t.localEndpoint
    }

    /// Starts the node with a persisted routing table (from `exportRoutingTable()` of an earlier run), so
    /// lookups start from it at once; restored nodes are questionable until they answer and are dropped
    /// when they fail. Lookups ask the bootstrap hosts as well while the table holds fewer than k good
    /// nodes; `bootstrap(_:)` fills the table in the background. Idempotent like `start()`.
    /// - Returns: the endpoint the node listens on.
    /// - Throws: `socketError` when the address cannot be bound.
    @discardableResult
    public func start(restoring persisted: [DHTContact]) throws(DHTError) -> DHTEndpoint {
        let endpoint = try start()
        importRoutingTable(persisted)
        return endpoint
    }

    /// Closes the socket; queries in flight fail with `notRunning`.
    public func stop() {
        transport?.close()
        transport = nil
        maintenance?.cancel()
        maintenance = nil
        let waiting = pending
        pending.removeAll()
        for p in waiting.values { p.timer?.cancel(); p.continuation.resume(returning: .failed(DHTError(.notRunning, "node stopped"))) }
    }

    /// A snapshot of the routing table, storage and traffic counters.
    public func status() -> DHTStatus {
        DHTStatus(nodeID: id, endpoint: transport?.localEndpoint, routingTableSize: table.count,
                  goodNodes: table.goodCount(now: clock.now), occupiedBuckets: table.occupiedBuckets, storedItems: store.othersCount,
                  ownItems: store.ownCount, externalAddress: voter.address(ipv6: configuration.bindAddress.isIPv6), lastBootstrap: lastBootstrap,
                  inFlightQueries: pending.count, packetsReceived: packetsReceived,
                  dropped: backlog.dropped == 0 ? dropped : dropped.merging(["overloaded": backlog.dropped]) { $1 })
    }

    /// The routing table's nodes worth persisting (see `DHTContact.description` for the text form): those
    /// that answered a query within the last two hours, and restored ones this run has not contacted
    /// (they answered in the run that saved them). Nodes that only queried us, failed, or were merely
    /// listed by others are not saved.
    public func exportRoutingTable() -> [DHTContact] { table.persistable(within: .seconds(7200), now: clock.now) }

    /// Adds persisted nodes to the routing table (questionable until they answer, dropped when they fail).
    /// - Returns: how many were accepted.
    @discardableResult
    public func importRoutingTable(_ contacts: [DHTContact]) -> Int {
        let now = clock.now
        return contacts.filter { acceptable($0) && table.restore($0, now: now) }.count
    }

    // MARK: Internals shared by the other files

    func drop(_ reason: String, _ detail: @autoclosure () -> String) {
        dropped[reason, default: 0] += 1
        logger.debug("ignored: \(reason): \(detail())")
    }

    /// Whether a contact learned from the network may be used.
    func acceptable(_ c: DHTContact) -> Bool {
        c.id != id && (configuration.allowPrivateAddresses || !c.endpoint.isPrivate) && acceptableSeed(c.endpoint)
    }

    /// Whether a bootstrap endpoint may be asked (explicitly configured, so private addresses are fine):
    /// not bogus, not us, and of an address family we have a socket for (once started).
    func acceptableSeed(_ e: DHTEndpoint) -> Bool {
        let locals = transport?.localEndpoints ?? []
        guard !e.isBogus, !locals.contains(e) else { return false }
        return locals.isEmpty || locals.contains { $0.isIPv6 == e.isIPv6 }
    }

    /// BEP 32 `want` for our queries: both families when we have both sockets.
    var want: [String] { (transport?.localEndpoints.count ?? 0) > 1 ? ["n4", "n6"] : [] }

    func send(_ message: KRPCMessage, to endpoint: DHTEndpoint) {
        transport?.send(message.encoded, to: endpoint)
    }

    /// The bootstrap endpoints: those given to `bootstrap(_:)` and the configured hosts, resolved once
    /// (getaddrinfo off the actor).
    func seedEndpoints() async -> [DHTEndpoint] {
        if !seedHostsResolved {
            seedHostsResolved = true
            for e in await resolveHosts(configuration.bootstrapNodes) where !seeds.contains(e) { seeds.append(e) }
        }
        return seeds
    }

    func resolveHosts(_ names: [String]) async -> [DHTEndpoint] {
        // Numeric addresses need no lookup; getaddrinfo blocks, so names resolve off the actor.
        var seeds: [DHTEndpoint] = [], names = names[...]
        while let first = names.first, let e = try? DHTEndpoint(parsing: first) {
            seeds.append(e)
            names = names.dropFirst()
        }
        guard !names.isEmpty else { return seeds }
        let rest = Array(names)
        let resolved = await Task.detached {
            rest.map { text -> (endpoints: [DHTEndpoint], failure: String?) in
                do { return (try DHTEndpoint.resolve(text), nil) } catch { return ([], "\(error)") }
            }
        }.value
        for r in resolved {
            seeds += r.endpoints
            if let failure = r.failure { drop("bootstrap_unresolved", failure) }
        }
        return seeds
    }

    /// Takes in a node that answered one of our queries: it may enter the routing table; a full bucket
    /// of possibly stale nodes gets its least recently seen one pinged first (ping before evict).
    func admit(_ contact: DHTContact) {
        guard contact.id != id else { return }
        if case .pendingPing(let old) = table.answered(contact, now: clock.now) { verify(old) }
    }

    /// Pings `contact` in the background: an answer admits or refreshes it, silence counts a failure.
    /// At most `maxVerificationPings` run at once, one per endpoint.
    func verify(_ contact: DHTContact) {
        guard verifying.count < configuration.maxVerificationPings, verifying.insert(contact.endpoint).inserted else { return }
        let me = id
        Task {
            let outcome = await self.exchange(.ping(id: me), to: contact.endpoint)
            self.verified(contact, outcome)
        }
    }

    private func verified(_ contact: DHTContact, _ outcome: QueryOutcome) {
        verifying.remove(contact.endpoint)
        if case .failed(let error) = outcome, error.code == .timeout { failed(contact) }
    }

    /// Counts a responder's report of our address (BEP 42 `ip`). When the votes settle on a public
    /// address of the node's primary family (IPv4 unless bound to IPv6 only) for which our ID is not
    /// valid, the node takes a BEP 42 ID for it, keeping its routing table (re-bucketed).
    func observe(reported: DHTEndpoint, by source: DHTEndpoint) {
        guard let learned = voter.vote(reported, from: source) else { return }
        logger.info("external address \(learned), reported by a majority of distinct responders (BEP 42)")
        guard configuration.nodeID == nil, learned.isIPv6 == configuration.bindAddress.isIPv6,
              !BEP42.isValid(id, address: learned.address), let fresh = BEP42.nodeID(for: learned.address) else { return }
        logger.info("node ID \(id) → \(fresh): BEP 42 ID for \(learned)")
        id = fresh
        table = table.rekeyed(to: fresh, now: clock.now)
    }

    /// Counts a query `contact` left unanswered.
    func failed(_ contact: DHTContact) { table.failed(contact, now: clock.now) }

    private func acquireSlot() async {
        if inFlight < configuration.maxInFlightQueries {
            inFlight += 1
            return
        }
        await withCheckedContinuation { slotWaiters.append($0) }
    }

    private func releaseSlot() {
        if slotWaiters.isEmpty {
            inFlight -= 1
        } else {
            slotWaiters.removeFirst().resume()
        }
    }

    private func allocateTransaction() -> [UInt8] {
        var t: [UInt8]
        repeat { t = Sodium.randomBytes(4) } while pending[t] != nil
        return t
    }

    /// Sends `query` to `endpoint` and waits for the matching answer (same transaction ID, same
    /// source endpoint), at most `queryTimeout`.
    /// - Throws: `timeout`, `remoteError` (with `remoteCode`), `notRunning`.
    func query(_ query: KRPCQuery, to endpoint: DHTEndpoint) async throws(DHTError) -> KRPCResponse {
        switch await exchange(query, to: endpoint) {
        case .answered(let r): return r
        case .failed(let e): throw e
        }
    }

    /// `query(_:to:)` without throwing: the outcome as a value.
    func exchange(_ query: KRPCQuery, to endpoint: DHTEndpoint) async -> QueryOutcome {
        await acquireSlot()
        defer { releaseSlot() }
        guard let transport else { return .failed(DHTError(.notRunning, "node is not started")) }
        let tid = allocateTransaction()
        let bytes = KRPCMessage(transactionID: tid, body: .query(query), want: want).encoded
        let timeout = configuration.queryTimeout
        let method = query.method
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<QueryOutcome, Never>) in
                pending[tid] = Pending(endpoint: endpoint, sent: clock.now, continuation: continuation)
                transport.send(bytes, to: endpoint)
                pending[tid]?.timer = Task { [weak self] in
                    guard (try? await Task.sleep(for: timeout)) != nil else { return }
                    await self?.finish(tid, with: .failed(DHTError(.timeout, "\(method) to \(endpoint) timed out")))
                }
            }
        } onCancel: {
            Task { [weak self] in await self?.finish(tid, with: .failed(DHTError(.timeout, "\(method) to \(endpoint) cancelled"))) }
        }
    }

    func finish(_ tid: [UInt8], with outcome: QueryOutcome) {
        guard let p = pending.removeValue(forKey: tid) else { return }
        p.timer?.cancel()
        if case .answered = outcome { rtt.observe(clock.now - p.sent) }
        p.continuation.resume(returning: outcome)
    }

    /// Periodic upkeep (every `maintenanceInterval` once started): expire stored items, ping up to 16
    /// questionable nodes, and refresh each bucket that has not changed for `bucketRefreshInterval`
    /// with a `find_node` lookup for a random ID in its range (BEP 5).
    /// - Returns: how many buckets were refreshed.
    @discardableResult
    func maintain() async -> Int {
        let now = clock.now
        store.expire(now: now)
        for contact in table.questionable(now: now).prefix(16) { verify(contact) }
        let due = table.bucketsToRefresh(after: configuration.bucketRefreshInterval, now: now)
        for bucket in due {
            _ = try? await lookup(target: id.random(sharingPrefix: bucket))
            table.refreshed(bucket, now: clock.now)
        }
        return due.count
    }
}
