/// Learns this node's public address from the BEP 42 `ip` field of answers to its queries: each
/// responder reports the address it saw the query come from. No single responder is trusted:
///
/// - a source votes once, by network (its /24 for IPv4, /48 for IPv6), so many nodes on one network
///   (a Sybil's usual shape) count as one; a source's newer vote replaces its older one;
/// - an address is learned when at least `quorum` distinct sources report it AND they are a strict
///   majority of the sources of that address family that voted;
/// - only public addresses count (a private or exempt one says nothing BEP 42 can use), and only of
///   the family the answer came over;
/// - at most `maxSources` votes per family are kept, oldest dropped first.
///
/// The port is not part of the vote (NATs change it); the learned endpoint carries the port the
/// latest agreeing source reported.
struct ExternalAddressVoter: Sendable {
    /// Distinct source networks that must agree (never fewer than 2).
    let quorum: Int
    /// Votes kept per address family.
    let maxSources: Int
    /// The latest vote of each source network, oldest first, per family (index 0: IPv4, 1: IPv6).
    private var votes: [[(source: [UInt8], reported: DHTEndpoint)]] = [[], []]
    /// The address learned per family.
    private(set) var learned: [DHTEndpoint?] = [nil, nil]

    init(quorum: Int = 3, maxSources: Int = 64) {
        self.quorum = max(2, quorum)
        self.maxSources = max(self.quorum, maxSources)
    }

    /// The learned address of IPv4 (`ipv6 == false`) or IPv6.
    func address(ipv6: Bool) -> DHTEndpoint? { learned[ipv6 ? 1 : 0] }

    /// The network a source votes for.
    static func network(of address: [UInt8]) -> [UInt8] { Array(address.prefix(address.count == 4 ? 3 : 6)) }

    /// Counts the address `reported` by the responder at `source`.
    /// - Returns: the newly learned address when this vote changed the winner of its family.
    mutating func vote(_ reported: DHTEndpoint, from source: DHTEndpoint) -> DHTEndpoint? {
        guard reported.isIPv6 == source.isIPv6, !reported.isBogus, !reported.isPrivate, !BEP42.isExempt(reported.address) else {
            return nil
        }
        let family = reported.isIPv6 ? 1 : 0
        let network = Self.network(of: source.address)
        votes[family].removeAll { $0.source == network }
        votes[family].append((network, reported))
        if votes[family].count > maxSources { votes[family].removeFirst() }
        var tally: [[UInt8]: Int] = [:]
        for v in votes[family] { tally[v.reported.address, default: 0] += 1 }
        guard let (winner, count) = tally.max(by: { $0.value < $1.value }), count >= quorum, count * 2 > votes[family].count else {
            return nil
        }
        let endpoint = votes[family].last { $0.reported.address == winner }!.reported
        let changed = learned[family]?.address != winner
        learned[family] = endpoint
        return changed ? endpoint : nil
    }
}
