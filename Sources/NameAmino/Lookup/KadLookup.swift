import Libp2p

/// An iterative Kademlia lookup in one DHT: keeps the peers heard of ordered by XOR distance to the
/// target, queries the closest unqueried ones α at a time, and ends when the k closest that have
/// not failed have all answered (or when the caller says it has enough).
struct KadLookup {
    private enum Progress { case pending, querying, answered, failed }

    private struct Candidate {
        var peer: KadPeer
        let distance: [UInt8]
        var progress: Progress
    }

    /// Most peers a lookup keeps track of (a liar cannot grow it without bound).
    static let maxCandidates = 1000

    let target: [UInt8]
    let dht: KadProtocol
    let alpha: Int
    let k: Int
    let selfID: PeerID

    /// A lookup for the keyspace point of `key`.
    init(key: [UInt8], dht: KadProtocol, alpha: Int, k: Int, selfID: PeerID) {
        target = KadDistance.point(key)
        self.dht = dht
        self.alpha = alpha
        self.k = k
        self.selfID = selfID
    }

    /// Runs the lookup from `seeds`. `query` asks one peer (with its own deadline); `onAnswer` sees
    /// each answer and returns `true` to stop early.
    func run(seeds: [KadPeer], query: @escaping @Sendable (KadPeer) async throws -> KadMessage,
             onAnswer: (KadPeer, KadMessage) -> Bool) async -> KadLookupOutcome {
        var candidates: [PeerID: Candidate] = [:]
        var failures: [PeerID: String] = [:]
        func add(_ peer: KadPeer) {
            guard peer.id != selfID, candidates[peer.id] == nil, candidates.count < Self.maxCandidates else { return }
            let addrs = dht.dialable(peer.addrs)
            guard !addrs.isEmpty else { return }
            candidates[peer.id] = Candidate(peer: KadPeer(id: peer.id, addrs: addrs), distance: KadDistance.xor(KadDistance.point(peer.id.bytes), target), progress: .pending)
        }
        func closest() -> [Candidate] {
            candidates.values.filter { $0.progress != .failed }.sorted { KadDistance.less($0.distance, $1.distance) }.prefix(k).map { $0 }
        }
        for seed in seeds { add(seed) }

        var stopped = false
        // Children return a nominal struct, not a `(PeerID, Result)` tuple: with the tuple, release
        // builds (Swift 6.3.1, Linux) handed `group.next()` a corrupted peer ID.
        await withTaskGroup(of: KadQueryOutcome.self) { group in
            var inflight = 0
            while true {
                for candidate in closest() where candidate.progress == .pending && inflight < alpha {
                    candidates[candidate.peer.id]?.progress = .querying
                    inflight += 1
                    let peer = candidate.peer
                    group.addTask {
                        do { return KadQueryOutcome(peer: peer.id, result: .success(try await query(peer))) } catch {
                            return KadQueryOutcome(peer: peer.id, result: .failure(error))
                        }
                    }
                }
                guard inflight > 0, let outcome = await group.next() else { break }
                inflight -= 1
                let id = outcome.peer
                switch outcome.result {
                case .success(let answer):
                    candidates[id]?.progress = .answered
                    for peer in answer.closerPeers { add(peer) }
                    if let peer = candidates[id]?.peer, onAnswer(peer, answer) {
                        stopped = true
                        group.cancelAll()
                        return
                    }
                case .failure(let error):
                    candidates[id]?.progress = .failed
                    failures[id] = PeerFailure.describe(error)
                }
            }
        }
        let answered = candidates.values.filter { $0.progress == .answered }
            .sorted { KadDistance.less($0.distance, $1.distance) }.prefix(k).map(\.peer)
        return KadLookupOutcome(closest: answered, failures: failures, stoppedEarly: stopped)
    }
}

/// One peer's answer (or failure) in a lookup.
struct KadQueryOutcome: Sendable {
    /// The peer asked.
    let peer: PeerID
    /// Its answer or why it failed.
    let result: Result<KadMessage, any Error>
}

/// What a lookup found.
public struct KadLookupOutcome: Sendable {
    /// The closest peers that answered, nearest first (at most k).
    public var closest: [KadPeer]
    /// Peers that failed, with the reason.
    public var failures: [PeerID: String]
    /// Whether the caller stopped it (quorum reached) before it converged.
    public var stoppedEarly: Bool
}
