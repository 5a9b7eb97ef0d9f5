/// Kademlia k-buckets as BEP 5 describes them, keyed by the length of the prefix a node shares with
/// our own ID (bucket i holds nodes whose ID first differs from ours at bit i), at most `k` nodes each.
///
/// - Only a node that **answered one of our queries** enters (`answered(_:now:)`); a node that only
///   queried us is not trusted with a slot (the node pings it first, see `wantsVerification`).
///   Entries restored from an earlier run (`restore`) enter as questionable.
/// - Node states: **good** (answered within `goodFor`, or answered once and queried us within
///   `goodFor`), **questionable** (quiet for `goodFor`, or restored and not yet heard from),
///   **bad** (failed `badAfter` queries in a row).
/// - A full bucket replaces a bad node at once; with questionable nodes it keeps the newcomer as a
///   replacement and asks for a ping of the least recently seen questionable node (**ping before
///   evict**): a failed query then promotes the replacement. A bucket full of good nodes refuses.
/// - Each bucket remembers when it last changed, for the 15-minute refresh (`bucketsToRefresh`).
/// - `admits` filters IDs (the `secure` mode's BEP 42 check).
struct RoutingTable: Sendable {
    /// BEP 5's node states.
    enum NodeState: Sendable, Equatable { case good, questionable, bad }

    struct Entry: Sendable {
        var contact: DHTContact
        /// When it last answered one of our queries (`nil`: restored, not yet heard from in this run).
        var lastAnswer: ContinuousClock.Instant?
        /// When it last answered or queried us (or was restored).
        var lastActivity: ContinuousClock.Instant
        /// Queries in a row it failed to answer.
        var failures: Int
    }

    /// What happened to a node that answered us.
    enum Admission: Sendable, Equatable {
        /// It took a free or a bad node's slot.
        case added
        /// It was already there and is now fresh.
        case refreshed
        /// Its bucket is full of nodes that may still be alive: it waits as a replacement while the
        /// given questionable node is pinged; if that ping fails, it takes the slot.
        case pendingPing(DHTContact)
        /// Not admitted: its bucket is full of good nodes, it is us, or `admits` refused its ID.
        case refused
    }

    let ownID: NodeID
    let k: Int
    /// Failures in a row that make a node bad.
    let badAfter: Int
    /// How long an answer keeps a node good (BEP 5: 15 minutes).
    let goodFor: Duration
    /// Which contacts may enter at all.
    let admits: @Sendable (DHTContact) -> Bool
    private(set) var buckets: [[Entry]]
    /// Verified newcomers waiting for a slot in a full bucket, newest last (at most `k` per bucket).
    private(set) var replacements: [[DHTContact]]
    /// When each bucket last gained, lost or refreshed a node.
    private(set) var lastChanged: [ContinuousClock.Instant]

    init(ownID: NodeID, k: Int = 8, badAfter: Int = 2, goodFor: Duration = .seconds(900),
         now: ContinuousClock.Instant = .now, admits: @escaping @Sendable (DHTContact) -> Bool = { _ in true }) {
        self.ownID = ownID
        self.k = k
        self.badAfter = badAfter
        self.goodFor = goodFor
        self.admits = admits
        buckets = Array(repeating: [], count: NodeID.byteCount * 8)
        replacements = Array(repeating: [], count: NodeID.byteCount * 8)
        lastChanged = Array(repeating: now, count: NodeID.byteCount * 8)
    }

    var count: Int { buckets.reduce(0) { $0 + $1.count } }

    var contacts: [DHTContact] { buckets.flatMap { $0.map(\.contact) } }

    /// Non-empty buckets.
    var occupiedBuckets: Int { buckets.filter { !$0.isEmpty }.count }

    func bucketIndex(_ id: NodeID) -> Int? {
        let cpl = ownID.commonPrefixLength(with: id)
        return cpl >= NodeID.byteCount * 8 ? nil : cpl
    }

    /// The state of an entry at `now`.
    func state(_ e: Entry, now: ContinuousClock.Instant) -> NodeState {
        if e.failures >= badAfter { return .bad }
        if let answer = e.lastAnswer, now - answer < goodFor || now - e.lastActivity < goodFor { return .good }
        return .questionable
    }

    /// The state of the node with `contact`'s ID, `nil` when it is not in the table.
    func state(of contact: DHTContact, now: ContinuousClock.Instant) -> NodeState? {
        guard let (b, i) = locate(contact.id) else { return nil }
        return state(buckets[b][i], now: now)
    }

    private func locate(_ id: NodeID) -> (Int, Int)? {
        guard let b = bucketIndex(id), let i = buckets[b].firstIndex(where: { $0.contact.id == id }) else { return nil }
        return (b, i)
    }

    /// Nodes in the table that are good at `now`.
    func goodCount(now: ContinuousClock.Instant) -> Int {
        buckets.reduce(0) { $0 + $1.filter { state($0, now: now) == .good }.count }
    }

    /// Records that `contact` answered one of our queries: the only way into the table.
    @discardableResult
    mutating func answered(_ contact: DHTContact, now: ContinuousClock.Instant) -> Admission {
        guard let b = bucketIndex(contact.id), admits(contact) else { return .refused }
        if let i = buckets[b].firstIndex(where: { $0.contact.id == contact.id }) {
            // Same ID at a new address: keep the old address unless it is failing (a Sybil claiming a
            // good node's ID cannot take over its entry).
            if buckets[b][i].contact.endpoint != contact.endpoint, buckets[b][i].failures == 0 { return .refused }
            buckets[b][i] = Entry(contact: contact, lastAnswer: now, lastActivity: now, failures: 0)
            lastChanged[b] = now
            return .refreshed
        }
        // One ID per endpoint: a node that restarted with a new ID replaces its old entry.
        removeEndpoint(contact.endpoint)
        let entry = Entry(contact: contact, lastAnswer: now, lastActivity: now, failures: 0)
        if buckets[b].count < k {
            buckets[b].append(entry)
            lastChanged[b] = now
            return .added
        }
        if let bad = buckets[b].firstIndex(where: { state($0, now: now) == .bad }) {
            buckets[b][bad] = entry
            lastChanged[b] = now
            return .added
        }
        let questionable = buckets[b].filter { state($0, now: now) == .questionable }
        addReplacement(contact, bucket: b)
        guard let oldest = questionable.min(by: { $0.lastActivity < $1.lastActivity }) else { return .refused }
        return .pendingPing(oldest.contact)
    }

    /// Records a query from `contact`: refreshes its entry when it is there (same ID and address).
    /// - Returns: whether it is worth verifying with a ping (not in the table, and its bucket has room
    ///   or holds nodes that are not good).
    mutating func queried(by contact: DHTContact, now: ContinuousClock.Instant) -> Bool {
        guard let b = bucketIndex(contact.id), admits(contact) else { return false }
        if let i = buckets[b].firstIndex(where: { $0.contact.id == contact.id }) {
            if buckets[b][i].contact.endpoint == contact.endpoint { buckets[b][i].lastActivity = now }
            return false
        }
        guard !replacements[b].contains(contact) else { return false }
        return buckets[b].count < k || buckets[b].contains { state($0, now: now) != .good }
    }

    /// Adds a node saved by an earlier run (questionable until it answers), when its bucket has room.
    @discardableResult
    mutating func restore(_ contact: DHTContact, now: ContinuousClock.Instant) -> Bool {
        guard let b = bucketIndex(contact.id), admits(contact), locate(contact.id) == nil,
              !buckets.contains(where: { $0.contains { $0.contact.endpoint == contact.endpoint } }),
              buckets[b].count < k else { return false }
        buckets[b].append(Entry(contact: contact, lastAnswer: nil, lastActivity: now, failures: 0))
        return true
    }

    /// Counts a query `contact` did not answer. A replacement waiting in its bucket takes the slot at
    /// once (ping before evict); without one the node stays until it turns bad and a newcomer arrives,
    /// and a restored node that never answered in this run is dropped.
    mutating func failed(_ contact: DHTContact, now: ContinuousClock.Instant) {
        guard let (b, i) = locate(contact.id), buckets[b][i].contact.endpoint == contact.endpoint else { return }
        buckets[b][i].failures += 1
        let restoredOnly = buckets[b][i].lastAnswer == nil
        if let replacement = replacements[b].popLast() {
            buckets[b][i] = Entry(contact: replacement, lastAnswer: now, lastActivity: now, failures: 0)
            lastChanged[b] = now
        } else if restoredOnly || buckets[b][i].failures >= badAfter * 2 {
            buckets[b].remove(at: i)
            lastChanged[b] = now
        }
    }

    private mutating func addReplacement(_ contact: DHTContact, bucket b: Int) {
        replacements[b].removeAll { $0.id == contact.id || $0.endpoint == contact.endpoint }
        replacements[b].append(contact)
        if replacements[b].count > k { replacements[b].removeFirst() }
    }

    private mutating func removeEndpoint(_ endpoint: DHTEndpoint) {
        for b in buckets.indices where !buckets[b].isEmpty {
            buckets[b].removeAll { $0.contact.endpoint == endpoint }
        }
    }

    /// The `count` known nodes closest to `target` that are not bad (and match `filter`).
    func closest(to target: NodeID, count: Int, now: ContinuousClock.Instant = .now,
                 where filter: (DHTContact) -> Bool = { _ in true }) -> [DHTContact] {
        let all = buckets.flatMap { $0 }.filter { state($0, now: now) != .bad && filter($0.contact) }
        return all.sorted { target.isCloser($0.contact.id, than: $1.contact.id) }.prefix(count).map(\.contact)
    }

    /// Questionable nodes, least recently seen first (to ping).
    func questionable(now: ContinuousClock.Instant) -> [DHTContact] {
        buckets.flatMap { $0 }.filter { state($0, now: now) == .questionable }
            .sorted { $0.lastActivity < $1.lastActivity }.map(\.contact)
    }

    /// Buckets up to the deepest occupied one that have not changed for `interval` (BEP 5: refresh each
    /// with a `find_node` for a random ID in its range).
    func bucketsToRefresh(after interval: Duration, now: ContinuousClock.Instant) -> [Int] {
        guard let deepest = buckets.lastIndex(where: { !$0.isEmpty }) else { return [] }
        return (0...deepest).filter { now - lastChanged[$0] >= interval }
    }

    /// The same nodes keyed by `newID`, for when our node ID changes (BEP 42, a newly learned public
    /// address): each entry keeps its state and moves to its bucket under the new ID; a bucket over `k`
    /// keeps its good and most recently active nodes, the others wait as replacements.
    func rekeyed(to newID: NodeID, now: ContinuousClock.Instant) -> RoutingTable {
        var table = RoutingTable(ownID: newID, k: k, badAfter: badAfter, goodFor: goodFor, now: now, admits: admits)
        let entries = buckets.flatMap { $0 }.sorted { a, b in
            let goodA = state(a, now: now) == .good, goodB = state(b, now: now) == .good
            return goodA != goodB ? goodA : a.lastActivity > b.lastActivity
        }
        for e in entries {
            guard let b = table.bucketIndex(e.contact.id) else { continue }
            if table.buckets[b].count < k { table.buckets[b].append(e) } else { table.addReplacement(e.contact, bucket: b) }
        }
        for contact in replacements.joined() {
            if let b = table.bucketIndex(contact.id) { table.addReplacement(contact, bucket: b) }
        }
        return table
    }

    /// Marks a bucket refreshed (its refresh lookup ran).
    mutating func refreshed(_ bucket: Int, now: ContinuousClock.Instant) { lastChanged[bucket] = now }

    /// The nodes worth saving for the next run: those that answered within `window`, and restored ones
    /// not yet contacted in this run (they answered in the run that saved them) that have not failed.
    func persistable(within window: Duration, now: ContinuousClock.Instant) -> [DHTContact] {
        buckets.flatMap { $0 }.filter { e in
            e.failures == 0 && (e.lastAnswer.map { now - $0 < window } ?? true)
        }.map(\.contact)
    }
}
