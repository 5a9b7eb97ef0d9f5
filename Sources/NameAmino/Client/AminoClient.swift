import Libp2p
import NameKeys
import NameRecord
import Synchronization

/// An IPNS client on the IPFS Amino DHT (and Kubo's LAN DHT): bootstraps from known peers,
/// publishes records to the k closest peers and resolves names with iterative GET_VALUE lookups,
/// validating every record with namectl's `RecordValidator`.
///
/// Peers at private and loopback addresses are spoken to with `/ipfs/lan/kad/1.0.0`, public ones
/// with `/ipfs/kad/1.0.0`, as Kubo's dual DHT expects.
public final class AminoClient: Sendable {
    /// The libp2p host (one connection per peer, reused across lookups).
    public let host: Libp2pHost
    /// Lookup parameters.
    public let configuration: AminoConfiguration
    private let tables: Mutex<[KadProtocol: [PeerID: KadPeer]]>

    /// A client with `identity` (see `AminoIdentity`).
    public init(identity: IdentityKey, configuration: AminoConfiguration = AminoConfiguration()) {
        host = Libp2pHost(identity: identity, configuration: configuration.host)
        self.configuration = configuration
        tables = Mutex([.wan: [:], .lan: [:]])
    }

    /// The client's state for `namectl amino status`.
    public var status: AminoStatus {
        let counts = tables.withLock { (wan: $0[.wan]?.count ?? 0, lan: $0[.lan]?.count ?? 0) }
        return AminoStatus(peerID: host.peerID, connectedPeers: host.connectedPeers, wanPeers: counts.wan, lanPeers: counts.lan)
    }

    /// Peers known in one DHT's table.
    public func knownPeers(_ dht: KadProtocol) -> [KadPeer] {
        tables.withLock { Array($0[dht]?.values ?? [:].values) }
    }

    /// Closes every connection.
    public func close() async { await host.close() }

    // MARK: Bootstrap

    /// Connects to `addresses` (each `/ip4|ip6|dns4|dns6/…/tcp/…/p2p/<id>`), adds those that answer
    /// to the table of their DHT, then looks up this peer's own ID to learn the neighbourhood.
    /// - Returns: the peers that failed, with reasons.
    /// - Throws: `.invalidBootstrap` for an address without a peer ID; `.noPeers` when none answered.
    @discardableResult
    public func bootstrap(_ addresses: [Multiaddr]) async throws -> [PeerID: String] {
        var seeds: [KadPeer] = []
        for address in addresses {
            guard let id = address.peerID, address.tcpEndpoint != nil else {
                throw AminoError(.invalidBootstrap, "\(address) is not a /…/tcp/…/p2p/<peer id> address")
            }
            if let index = seeds.firstIndex(where: { $0.id == id }) { seeds[index].addrs.append(address.withoutPeerID) } else {
                seeds.append(KadPeer(id: id, addrs: [address.withoutPeerID]))
            }
        }
        var failures: [PeerID: String] = [:]
        for dht in KadProtocol.allCases {
            let outcome = await lookup(key: host.peerID.bytes, dht: dht, seeds: seeds.filter { !dht.dialable($0.addrs).isEmpty }) { _, _ in false }
            failures.merge(outcome.failures) { a, _ in a }
        }
        if tables.withLock({ $0.values.allSatisfy(\.isEmpty) }) {
            throw AminoError(.noPeers, "no bootstrap peer answered: " + failures.map { "\($0.key): \($0.value)" }.sorted().joined(separator: "; "))
        }
        return failures
    }

    // MARK: Lookups

    /// Asks one peer one kad question within the query deadline.
    func ask(_ peer: KadPeer, dht: KadProtocol, _ message: KadMessage) async throws -> KadMessage {
        let host = self.host
        return try await withDeadline(configuration.queryTimeout, "kad \(message.type) to \(peer.id)") {
            let (stream, _) = try await host.newStream(to: peer.id, addresses: peer.addrs, protocols: [dht.rawValue])
            defer { stream.reset() }
            return try await KadExchange.send(message, on: stream)
        }
    }

    /// Runs one lookup for `key` in `dht`, seeded with `seeds` plus the table's closest peers; peers
    /// that answer join the table, peers that fail leave it.
    func lookup(key: [UInt8], dht: KadProtocol, seeds: [KadPeer] = [], type: KadMessage.MessageType = .findNode,
                onAnswer: (KadPeer, KadMessage) -> Bool) async -> KadLookupOutcome {
        let search = KadLookup(key: key, dht: dht, alpha: configuration.alpha, k: configuration.k, selfID: host.peerID)
        let known = tables.withLock { Array($0[dht]?.values ?? [:].values) }
        let outcome = await search.run(seeds: seeds + known, query: { [self] peer in
            try await ask(peer, dht: dht, KadMessage(type: type, key: key))
        }, onAnswer: { peer, answer in
            remember(peer, in: dht)
            return onAnswer(peer, answer)
        })
        tables.withLock { t in for id in outcome.failures.keys { t[dht]?.removeValue(forKey: id) } }
        return outcome
    }

    private func remember(_ peer: KadPeer, in dht: KadProtocol) {
        tables.withLock { t in
            guard t[dht]?[peer.id] != nil || (t[dht]?.count ?? 0) < configuration.maxTablePeers else { return }
            t[dht]?[peer.id] = peer
        }
    }

    /// The DHTs that have peers to start from.
    private var activeDHTs: [KadProtocol] {
        tables.withLock { t in KadProtocol.allCases.filter { !(t[$0]?.isEmpty ?? true) } }
    }

    /// The k closest peers to `key` that answered, per DHT.
    public func closestPeers(to key: [UInt8]) async -> [KadProtocol: KadLookupOutcome] {
        await withTaskGroup(of: (KadProtocol, KadLookupOutcome).self) { group in
            for dht in activeDHTs {
                group.addTask { (dht, await self.lookup(key: key, dht: dht) { _, _ in false }) }
            }
            var out: [KadProtocol: KadLookupOutcome] = [:]
            for await (dht, outcome) in group { out[dht] = outcome }
            return out
        }
    }

    // MARK: PUT

    /// Publishes `record` for `name`: finds the k closest peers to `/ipns/<multihash>` in each DHT
    /// and PUTs to them all.
    /// - Throws: `.noPeers` without a table; `.putFailed` when no peer stored it.
    public func publish(_ record: Record, for name: Name) async throws -> AminoPutReport {
        guard !activeDHTs.isEmpty else { throw AminoError(.noPeers, "no Amino peers known: bootstrap first") }
        let key = name.routingKey
        let lookups = await closestPeers(to: key)
        let targets = lookups.flatMap { dht, outcome in outcome.closest.map { (dht, $0) } }
        let message = KadMessage(type: .putValue, key: key, record: KadRecord(key: key, value: record.bytes))
        var report = AminoPutReport(stored: [], attempted: targets.count, failures: [:])
        await withTaskGroup(of: (PeerID, String?).self) { group in
            for (dht, peer) in targets {
                group.addTask {
                    do {
                        let echo = try await self.ask(peer, dht: dht, message)
                        return (peer.id, echo.record?.value == record.bytes ? nil : "echo differs from the record sent")
                    } catch let error as Libp2pError where error.code == .streamReset || error.code == .closed {
                        return (peer.id, PeerFailure.describe(AminoError(.putRefused, "peer refused the record (stream reset)")))
                    } catch {
                        return (peer.id, PeerFailure.describe(error))
                    }
                }
            }
            for await (peer, failure) in group {
                if let failure { report.failures[peer] = failure } else { report.stored.append(peer) }
            }
        }
        guard !report.stored.isEmpty else {
            throw AminoError(.putFailed, "no peer stored the record (\(targets.count) tried): "
                             + report.failures.map { "\($0.key): \($0.value)" }.sorted().prefix(5).joined(separator: "; "))
        }
        return report
    }

    // MARK: GET

    /// Resolves `name`: yields each valid record that is strictly better than the ones before, as
    /// answers arrive, until `quorum` valid answers were heard or the lookups converged (then peers
    /// left with anything else get the best one PUT back, as Kubo does). Finishes without yielding
    /// when no peer held a valid record; fails with `.noPeers` before bootstrap.
    public func resolveStream(name: Name, quorum: Int? = nil, validator: RecordValidator = .standard) -> AsyncThrowingStream<Record, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    _ = try await self.get(name: name, quorum: quorum, validator: validator) { continuation.yield($0) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The best valid record for `name` after a full GET (quorum or convergence).
    /// - Throws: `.notFound` when no peer held a valid record.
    public func resolve(name: Name, quorum: Int? = nil) async throws -> Record {
        let report = try await get(name: name, quorum: quorum) { _ in }
        guard let best = report.best else {
            throw AminoError(.notFound, "no peer holds a valid record for \(name) (\(report.invalid.count) invalid, \(report.failures.count) failed)")
        }
        return best
    }

    /// A GET with the details: runs GET_VALUE lookups in every DHT with peers, validates each record
    /// with `validator`, calls `onBetter` for each strictly better one, stops at `quorum` valid
    /// answers, then corrects peers that answered with anything but the best.
    /// - Throws: `.noPeers` before bootstrap.
    public func get(name: Name, quorum: Int? = nil, validator: RecordValidator = .standard,
                    onBetter: @escaping @Sendable (Record) -> Void) async throws -> AminoGetReport {
        let quorum = max(1, quorum ?? configuration.quorum)
        let dhts = activeDHTs
        guard !dhts.isEmpty else { throw AminoError(.noPeers, "no Amino peers known: bootstrap first") }
        let collector = SharedGetCollector()
        let key = name.routingKey
        let failures = await withTaskGroup(of: [PeerID: String].self) { group in
            for dht in dhts {
                group.addTask {
                    await self.lookup(key: key, dht: dht, type: .getValue) { peer, answer in
                        guard let value = answer.record?.value, !value.isEmpty else { return collector.state.withLock { $0.valid >= quorum } }
                        let verdict = Result { () throws(RecordError) in try validator.validate(bytes: value, for: name).record }
                        let (better, done) = collector.state.withLock { c in c.add(verdict, from: peer, dht: dht, quorum: quorum) }
                        if let better { onBetter(better) }
                        return done
                    }.failures
                }
            }
            var all: [PeerID: String] = [:]
            for await failures in group { all.merge(failures) { a, _ in a } }
            return all
        }
        let result = collector.state.withLock { $0 }
        let corrected = await correct(result, key: key)
        return AminoGetReport(best: result.best, validAnswers: result.valid, invalid: result.invalid, failures: failures, corrected: corrected)
    }

    /// PUTs the best record to peers that answered with an older or invalid one.
    /// - Returns: the peers that accepted the correction.
    private func correct(_ collector: GetCollector, key: [UInt8]) async -> [PeerID] {
        guard let best = collector.best, !Task.isCancelled else { return [] }
        let message = KadMessage(type: .putValue, key: key, record: KadRecord(key: key, value: best.bytes))
        return await withTaskGroup(of: PeerID?.self) { group in
            for (dht, peer) in collector.outdated {
                group.addTask { (try? await self.ask(peer, dht: dht, message)) == nil ? nil : peer.id }
            }
            var accepted: [PeerID] = []
            for await peer in group { if let peer { accepted.append(peer) } }
            return accepted
        }
    }
}
