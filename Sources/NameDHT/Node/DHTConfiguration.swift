import Logging

/// Settings of a `DHTNode`. The defaults suit the public Mainline DHT; tests on loopback set
/// `bootstrapNodes` to local peers and `allowPrivateAddresses = true`.
public struct DHTConfiguration: Sendable {
    /// The well-known public Mainline DHT routers.
    public static let publicRouters = [
        "router.bittorrent.com:6881", "dht.transmissionbt.com:6881", "router.utorrent.com:6881", "dht.libtorrent.org:25401",
    ]

    /// Where to listen (default `0.0.0.0:0`, an ephemeral port on all interfaces).
    public var bindAddress: DHTEndpoint = DHTEndpoint(address: [0, 0, 0, 0], port: 0)!
    /// `host:port` nodes to bootstrap from when `bootstrap()` is given none.
    public var bootstrapNodes: [String] = DHTConfiguration.publicRouters
    /// This node's ID; random when `nil`.
    public var nodeID: NodeID?
    /// Bucket size and replication factor (BEP 5: 8).
    public var k = 8
    /// Lookup parallelism: queries a lookup keeps in flight (Kademlia/BEP 5 α = 3; libtorrent uses 5).
    /// Values below 1 count as 1.
    public var alpha = 3
    /// How long to wait for one answer.
    public var queryTimeout: Duration = .seconds(2)
    /// After this long without an answer a lookup query stops holding one of the α slots, so the lookup
    /// asks the next candidate instead of waiting `queryTimeout` for a dead node (libtorrent's "short
    /// timeout"). The query stays pending and its late answer still counts. `nil` (or a value not below
    /// `queryTimeout`) disables it.
    public var slowQueryThreshold: Duration? = .milliseconds(500)
    /// Upper bound for one whole lookup, however many nodes misbehave.
    public var lookupTimeout: Duration = .seconds(15)
    /// Outgoing queries allowed in flight at once across all lookups; more wait for a slot.
    public var maxInFlightQueries = 64
    /// Datagrams larger than this are dropped unread (a BEP 44 put is at most ~1.2 KB).
    public var maxPacketSize = 2048
    /// Received datagrams waiting to be handled at most; more are dropped (`overloaded`) before decoding.
    public var maxQueuedPackets = 1024
    /// Incoming queries accepted per IP per second on average…
    public var queriesPerSecondPerIP = 50.0
    /// …and in a burst.
    public var queryBurstPerIP = 100.0
    /// Items stored for others at most (each at most ~1.1 KB).
    public var maxStoredItems = 4096
    /// How long a stored item lives after its last put (BEP 44 suggests republishing hourly).
    public var itemLifetime: Duration = .seconds(2 * 3600)
    /// Whether nodes on loopback/private addresses learned from other nodes are used (off on the
    /// public DHT, where they are bogus; on for loopback test networks).
    public var allowPrivateAddresses = false
    /// Where dropped packets and refused items are logged, with their reasons.
    public var logger = Logger(label: "namectl.dht")

    /// The defaults.
    public init() {}
}
