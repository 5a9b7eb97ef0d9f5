import Logging
import NameRecord

/// A Mainline DHT node (BEP 5 KRPC with BEP 44 `get`/`put`): answers other nodes, stores their
/// items, and publishes and resolves IPNS records as BEP 44 mutable items.
///
/// ```swift
/// let node = DHTNode(configuration: DHTConfiguration())
/// try await node.start()
/// try await node.bootstrap()
/// try await node.publish(record: record, key: key)
/// let found = try await node.resolve(name: name)
/// ```
public actor DHTNode {
    /// This node's ID.
    public nonisolated let id: NodeID
    /// The settings it runs with.
    public nonisolated let configuration: DHTConfiguration

    var logger: Logger { configuration.logger }
    var transport: (any DatagramTransport)?
    private let makeTransport: @Sendable () throws(DHTError) -> any DatagramTransport
    var table: RoutingTable
    var store: ItemStore
    var tokens: TokenIssuer
    var limiter: RateLimiter
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
        let continuation: CheckedContinuation<QueryOutcome, Never>
        /// Fails the query after `queryTimeout`; cancelled when the answer comes first.
        var timer: Task<Void, Never>?
    }
    var pending: [UInt16: Pending] = [:]
    private var nextTransaction: UInt16
    private var inFlight = 0
    private var slotWaiters: [CheckedContinuation<Void, Never>] = []
    var packetsReceived = 0
    var dropped: [String: Int] = [:]
    var lastBootstrap: Timestamp?
    private var maintenance: Task<Void, Never>?
    private let backlog: PacketBacklog

    /// Makes a node that will listen on `configuration.bindAddress` once started.
    public init(configuration: DHTConfiguration = DHTConfiguration()) {
        let bind = configuration.bindAddress
        self.init(configuration: configuration) { () throws(DHTError) in try UDPTransport(bind: bind) }
    }

    /// Makes a node over a custom transport (tests: an in-memory network).
    init(configuration: DHTConfiguration, transport: @escaping @Sendable () throws(DHTError) -> any DatagramTransport) {
        self.configuration = configuration
        let id = configuration.nodeID ?? NodeID.random()
        self.id = id
        makeTransport = transport
        let now = ContinuousClock.now
        table = RoutingTable(ownID: id, k: configuration.k)
        store = ItemStore(capacity: configuration.maxStoredItems, lifetime: configuration.itemLifetime)
        tokens = TokenIssuer(now: now)
        limiter = RateLimiter(perSecond: configuration.queriesPerSecondPerIP, burst: configuration.queryBurstPerIP)
        backlog = PacketBacklog(limit: configuration.maxQueuedPackets)
        nextTransaction = UInt16(truncatingIfNeeded: id.bytes[0]) << 8 | UInt16(id.bytes[1])
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
        maintenance = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(60))
                await self?.maintain()
            }
        }
        return t.localEndpoint
    }

    /// Starts the node with a persisted routing table (from `exportRoutingTable()` of an earlier run), so
    /// lookups can run at once without bootstrapping; restored nodes count as unverified until they answer
    /// and are dropped after failing. Call `bootstrap(_:)` / `bootstrap(hosts:)` afterwards to refresh the
    /// table from a bootstrap list (restored nodes are used as seeds as well). Idempotent like `start()`.
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
                  occupiedBuckets: table.occupiedBuckets, storedItems: store.count, lastBootstrap: lastBootstrap,
                  inFlightQueries: pending.count, packetsReceived: packetsReceived,
                  dropped: backlog.dropped == 0 ? dropped : dropped.merging(["overloaded": backlog.dropped]) { $1 })
    }

    /// The routing table's nodes, for persisting (see `DHTContact.description` for the text form).
    public func exportRoutingTable() -> [DHTContact] { table.contacts }

    /// Adds persisted nodes to the routing table (they count as unverified until they answer).
    /// - Returns: how many were accepted.
    @discardableResult
    public func importRoutingTable(_ contacts: [DHTContact]) -> Int {
        let now = clock.now
        return contacts.filter { acceptable($0) && table.observe($0, responded: false, now: now) }.count
    }

    // MARK: Internals shared by the other files

    func drop(_ reason: String, _ detail: @autoclosure () -> String) {
        dropped[reason, default: 0] += 1
        logger.debug("ignored: \(reason): \(detail())")
    }

    /// Whether a contact learned from the network may be used.
    func acceptable(_ c: DHTContact) -> Bool {
        c.id != id && !c.endpoint.isBogus && (configuration.allowPrivateAddresses || !c.endpoint.isPrivate)
            && c.endpoint != transport?.localEndpoint
    }

    func send(_ message: KRPCMessage, to endpoint: DHTEndpoint) {
        transport?.send(message.encoded, to: endpoint)
    }

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

    private func allocateTransaction() -> UInt16 {
        repeat { nextTransaction &+= 1 } while pending[nextTransaction] != nil
        return nextTransaction
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
        let bytes = KRPCMessage(transactionID: [UInt8(tid >> 8), UInt8(tid & 0xFF)], body: .query(query)).encoded
        let timeout = configuration.queryTimeout
        let method = query.method
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<QueryOutcome, Never>) in
                pending[tid] = Pending(endpoint: endpoint, continuation: continuation)
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

    func finish(_ tid: UInt16, with outcome: QueryOutcome) {
        guard let p = pending.removeValue(forKey: tid) else { return }
        p.timer?.cancel()
        p.continuation.resume(returning: outcome)
    }

    /// Periodic upkeep: expire stored items, ping nodes not heard from in 15 minutes.
    func maintain() async {
        store.expire(now: clock.now)
        for contact in table.stale(olderThan: .seconds(900), now: clock.now).prefix(16) {
            switch await exchange(.ping(id: id), to: contact.endpoint) {
            case .answered(let r): table.observe(DHTContact(id: r.id, endpoint: contact.endpoint), responded: true, now: clock.now)
            case .failed: table.failed(contact)
            }
        }
    }
}
