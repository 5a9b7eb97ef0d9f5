import Libp2p
import NameAmino
import NameDNS
import NameKeys
import NameRecord
import Synchronization

/// The IPFS Amino DHT (and Kubo's LAN DHT) as a record source and a publish transport.
///
/// The client bootstraps on first use (or `startBootstrap()`), `/dnsaddr` entries resolved through
/// namectl's DNS stub; lookups and PUTs wait for it, other sources do not. When a bootstrap ended
/// with empty tables (every peer down), the next use after `retryInterval` tries again, so a
/// long-running daemon recovers. Every record a lookup hears is checked by `validator` before it
/// counts, and again by the resolver like any source's candidate.
public final class AminoSource: RecordSource, PublishTransport {
    /// The client.
    public let client: AminoClient
    /// The bootstrap addresses as given (`/dnsaddr` ones are expanded at each bootstrap).
    public let bootstrapPeers: [Multiaddr]
    /// The validator lookups apply to each answer (for quorum counting and correction).
    public let validator: RecordValidator
    /// How long after a bootstrap that found nobody the next one may start.
    public let retryInterval: Duration
    private let dns: StubResolver?
    private let state = Mutex(BootstrapState())
    private let lastPut = Mutex<AminoPutReport?>(nil)

    private struct BootstrapState {
        var task: Task<Void, Never>?
        var finishedAt: ContinuousClock.Instant?
        var failure: String?
    }

    /// A source over `client`, bootstrapping from `bootstrapPeers` (`/dnsaddr` entries resolved with
    /// `dns`; without it they are dropped).
    public init(client: AminoClient, bootstrapPeers: [Multiaddr], dns: StubResolver?, validator: RecordValidator = .standard,
                retryInterval: Duration = .seconds(30)) {
        self.client = client
        self.bootstrapPeers = bootstrapPeers
        self.dns = dns
        self.validator = validator
        self.retryInterval = retryInterval
    }

    /// `amino wan+lan`: one source speaking both of Kubo's DHTs.
    public var identity: EndpointIdentity { EndpointIdentity(kind: "amino", endpoint: "wan+lan") }

    /// Why the last bootstrap found no peer, if it did not.
    public var bootstrapFailure: String? { state.withLock { $0.failure } }

    /// What the last PUT achieved (how many of the closest peers stored the record).
    public var lastPutReport: AminoPutReport? { lastPut.withLock { $0 } }

    /// Starts the bootstrap unless one is running or succeeded (or failed less than
    /// `retryInterval` ago), and returns it.
    @discardableResult
    public func startBootstrap() -> Task<Void, Never> {
        let now = ContinuousClock.now
        let connected = client.status.wanPeers + client.status.lanPeers > 0
        return state.withLock { s in
            if let task = s.task {
                guard let finished = s.finishedAt, !connected, now - finished >= retryInterval else { return task }
            }
            let task = Task { await self.runBootstrap() }
            s = BootstrapState(task: task, finishedAt: nil, failure: s.failure)
            return task
        }
    }

    private func runBootstrap() async {
        var addresses = bootstrapPeers
        if let dns { addresses = await AminoBootstrap.resolve(addresses, with: dns) }
        addresses = addresses.filter { $0.peerID != nil && $0.tcpEndpoint != nil }
        var failure: String?
        do { try await client.bootstrap(addresses) } catch {
            failure = addresses.isEmpty ? "no dialable bootstrap address (\(bootstrapPeers.count) given)" : "\(error)"
        }
        state.withLock { s in
            s.finishedAt = ContinuousClock.now
            s.failure = failure
        }
    }

    /// Waits for the bootstrap; returns early (leaving it running for others) when the caller is cancelled.
    public func waitUntilBootstrapped() async {
        let bootstrap = startBootstrap()
        let gate = OneShot<Void>()
        let waiter = Task {
            await bootstrap.value
            gate.resume(with: ())
        }
        await withTaskCancellationHandler { await gate.wait() } onCancel: { gate.resume(with: ()) }
        waiter.cancel()
    }

    /// The best valid record a full GET finds (none when no peer holds one).
    public func candidates(for name: Name) async throws -> [[UInt8]] {
        await waitUntilBootstrapped()
        try Task.checkCancellation()
        try requirePeers()
        let report = try await client.get(name: name, validator: validator) { _ in }
        return report.best.map { [$0.bytes] } ?? []
    }

    /// Streams each strictly better valid record as the lookup hears of it (the first at once,
    /// upgrades later), like the Mainline DHT source.
    public func candidateStream(for name: Name) -> AsyncThrowingStream<[UInt8], any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                await self.waitUntilBootstrapped()
                do {
                    try self.requirePeers()
                    for try await record in self.client.resolveStream(name: name, validator: self.validator) { continuation.yield(record.bytes) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// PUTs the record to the closest peers (the key is not needed: a kad PUT carries the signed
    /// record as it is).
    public func publish(_ record: VerifiedRecord, key: any SigningKey) async throws {
        _ = try await put(record)
    }

    /// PUTs `record` to the k closest peers of its name in each DHT with peers, once bootstrapped, so
    /// the daemon can re-put followed names too.
    /// - Throws: `AminoError` `.noPeers` (bootstrap found nobody) or `.putFailed` (no peer stored it).
    @discardableResult
    public func put(_ record: VerifiedRecord) async throws -> AminoPutReport {
        await waitUntilBootstrapped()
        try Task.checkCancellation()
        try requirePeers()
        let report = try await client.publish(record.record, for: record.name)
        lastPut.withLock { $0 = report }
        return report
    }

    /// Fails with the bootstrap's reason when neither table has a peer.
    private func requirePeers() throws(AminoError) {
        let status = client.status
        guard status.wanPeers + status.lanPeers == 0 else { return }
        throw AminoError(.noPeers, "no Amino peer known: \(bootstrapFailure ?? "bootstrap did not finish")")
    }

    /// Stops the bootstrap and closes every connection.
    public func close() async {
        state.withLock { $0.task }?.cancel()
        await client.close()
    }
}
