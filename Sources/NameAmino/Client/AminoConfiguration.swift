import Libp2p

/// How the Amino client looks things up.
public struct AminoConfiguration: Sendable {
    /// Queries in flight per lookup (Kademlia's α; go-libp2p-kad-dht uses 10 for values, 3 in the paper).
    public var alpha: Int
    /// Bucket size k: a lookup converges on the k closest peers, a PUT goes to them.
    public var k: Int
    /// Valid records a GET collects before it stops (Kubo: 16).
    public var quorum: Int
    /// Deadline for one request to one peer (dial + handshake + exchange).
    public var queryTimeout: Duration
    /// Most peers remembered per DHT.
    public var maxTablePeers: Int
    /// The libp2p host's timeouts.
    public var host: Libp2pHostConfiguration

    /// Defaults: α = 3, k = 20, quorum 16, 10 s per query, 512 peers per table.
    public init(alpha: Int = 3, k: Int = 20, quorum: Int = 16, queryTimeout: Duration = .seconds(10),
                maxTablePeers: Int = 512, host: Libp2pHostConfiguration = Libp2pHostConfiguration()) {
        self.alpha = alpha
        self.k = k
        self.quorum = quorum
        self.queryTimeout = queryTimeout
        self.maxTablePeers = maxTablePeers
        self.host = host
    }
}
