/// Kademlia k-buckets keyed by the length of the prefix a node shares with our own ID
/// (bucket i holds nodes whose ID first differs from ours at bit i), at most `k` nodes each.
///
/// Liveness: every message from a node refreshes it; each unanswered query counts a failure.
/// A full bucket admits a newcomer only by evicting its worst node that has failed at least once, so
/// long-lived good nodes are kept (Kademlia's preference for old nodes) and dead ones are replaced.
struct RoutingTable: Sendable {
    struct Entry: Sendable {
        var contact: DHTContact
        var lastSeen: ContinuousClock.Instant
        var failures: Int
        /// Whether the node has ever answered one of our queries (a "good" node in BEP 5 terms).
        var responded: Bool
    }

    let ownID: NodeID
    let k: Int
    /// Failures after which a node is dropped outright.
    let maxFailures: Int
    private(set) var buckets: [[Entry]]

    init(ownID: NodeID, k: Int = 8, maxFailures: Int = 3) {
        self.ownID = ownID
        self.k = k
        self.maxFailures = maxFailures
        buckets = Array(repeating: [], count: NodeID.byteCount * 8)
    }

    var count: Int { buckets.reduce(0) { $0 + $1.count } }

    var contacts: [DHTContact] { buckets.flatMap { $0.map(\.contact) } }

    private func bucketIndex(_ id: NodeID) -> Int? {
        let cpl = ownID.commonPrefixLength(with: id)
        return cpl >= NodeID.byteCount * 8 ? nil : cpl
    }

    /// Records that `contact` was heard from (`responded`: it answered a query of ours).
    /// Returns whether the node is now in the table.
    @discardableResult
    mutating func observe(_ contact: DHTContact, responded: Bool, now: ContinuousClock.Instant) -> Bool {
        guard let b = bucketIndex(contact.id) else { return false }
        if let i = buckets[b].firstIndex(where: { $0.contact.id == contact.id }) {
            // Same ID from a new address: keep the old address unless the old one is failing
            // (prevents a spoofed packet from hijacking a good entry).
            if buckets[b][i].contact.endpoint != contact.endpoint, buckets[b][i].failures == 0 { return true }
            buckets[b][i].contact = contact
            buckets[b][i].lastSeen = now
            buckets[b][i].failures = 0
            buckets[b][i].responded = buckets[b][i].responded || responded
            return true
        }
        // One ID per endpoint: a node that restarted with a new ID replaces its old entry.
        removeEndpoint(contact.endpoint)
        let entry = Entry(contact: contact, lastSeen: now, failures: 0, responded: responded)
        if buckets[b].count < k {
            buckets[b].append(entry)
            return true
        }
        if let worst = buckets[b].indices.filter({ buckets[b][$0].failures > 0 }).max(by: { buckets[b][$0].failures < buckets[b][$1].failures }) {
            buckets[b][worst] = entry
            return true
        }
        return false
    }

    private mutating func removeEndpoint(_ endpoint: DHTEndpoint) {
        for b in buckets.indices where !buckets[b].isEmpty {
            buckets[b].removeAll { $0.contact.endpoint == endpoint }
        }
    }

    /// Counts a failed query; drops the node after `maxFailures`.
    mutating func failed(_ contact: DHTContact) {
        guard let b = bucketIndex(contact.id), let i = buckets[b].firstIndex(where: { $0.contact.id == contact.id }) else { return }
        buckets[b][i].failures += 1
        if buckets[b][i].failures >= maxFailures { buckets[b].remove(at: i) }
    }

    /// The `count` known nodes closest to `target`, healthiest first among equals.
    func closest(to target: NodeID, count: Int) -> [DHTContact] {
        let all = buckets.flatMap { $0 }.filter { $0.failures < maxFailures }
        return all.sorted { target.isCloser($0.contact.id, than: $1.contact.id) }.prefix(count).map(\.contact)
    }

    /// Nodes not heard from within `age` (candidates for a liveness ping).
    func stale(olderThan age: Duration, now: ContinuousClock.Instant) -> [DHTContact] {
        buckets.flatMap { $0 }.filter { now - $0.lastSeen > age }.map(\.contact)
    }

    /// Indices of non-empty buckets (for refresh and status).
    var occupiedBuckets: Int { buckets.filter { !$0.isEmpty }.count }
}
