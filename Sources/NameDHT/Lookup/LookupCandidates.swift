/// The candidate list of one lookup, ordered by XOR distance to the target and bounded in size.
struct LookupCandidates {
    enum State { case fresh, asked, answered, failed }

    struct Candidate {
        let contact: DHTContact
        /// 1 for a node from the routing table or a bootstrap host, 2 for one those returned, …
        let depth: Int
        var state: State = .fresh
        /// When it was asked.
        var askedAt: ContinuousClock.Instant?
        /// Asked, and not answered within its adaptive timeout: it no longer holds an α slot nor the
        /// lookup's end (a late answer still counts).
        var slow = false
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

    /// Adds a candidate unless its ID or endpoint is already listed.
    /// - Returns: its index, or `nil` when it was not added.
    @discardableResult
    mutating func add(_ c: DHTContact, depth: Int) -> Int? {
        guard !ids.contains(c.id), !endpoints.contains(c.endpoint) else { return nil }
        let index = list.firstIndex { target.isCloser(c.id, than: $0.contact.id) } ?? list.count
        guard index < LookupCandidates.limit else { return nil }
        list.insert(Candidate(contact: c, depth: depth), at: index)
        ids.insert(c.id)
        endpoints.insert(c.endpoint)
        // Evict the farthest candidate that is not awaiting an answer.
        if list.count > LookupCandidates.limit, let victim = list.lastIndex(where: { $0.state != .asked }) {
            ids.remove(list[victim].contact.id)
            endpoints.remove(list[victim].contact.endpoint)
            list.remove(at: victim)
            if victim < index { return index - 1 }
            if victim == index { return nil }
        }
        return index
    }

    func index(of id: NodeID) -> Int? { list.firstIndex { $0.contact.id == id } }

    func contains(_ endpoint: DHTEndpoint) -> Bool { endpoints.contains(endpoint) }

    /// Indices of the k closest candidates still in the running: not failed, and not asked-and-slow.
    func live(_ k: Int) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(k)
        for i in list.indices where list[i].state != .failed && !(list[i].state == .asked && list[i].slow) {
            out.append(i)
            if out.count == k { break }
        }
        return out
    }

    /// When the oldest query still holding a slot was sent.
    var oldestAsked: ContinuousClock.Instant? {
        list.lazy.filter { $0.state == .asked && !$0.slow }.compactMap(\.askedAt).min()
    }

    /// Marks queries older than `timeout` as slow. Returns how many were marked.
    mutating func markSlow(now: ContinuousClock.Instant, timeout: Duration) -> Int {
        var marked = 0
        for i in list.indices where list[i].state == .asked && !list[i].slow {
            if let at = list[i].askedAt, now - at >= timeout {
                list[i].slow = true
                marked += 1
            }
        }
        return marked
    }

    subscript(i: Int) -> Candidate {
        get { list[i] }
        set { list[i] = newValue }
    }
}
