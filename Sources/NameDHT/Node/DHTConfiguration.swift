import Logging

/// Settings of a `DHTNode`. The defaults suit the public Mainline DHT; tests on loopback set
/// `bootstrapNodes` to local peers and `allowPrivateAddresses = true`.
public struct DHTConfiguration: Sendable {
    /// The well-known public Mainline DHT routers.
    public static let publicRouters = [
        "router.bittorrent.com:6881", "dht.transmissionbt.com:6881", "router.utorrent.com:6881", "dht.libtorrent.org:25401",
    ]

    /// Where to listen (default `0.0.0.0:0`, an ephemeral port on all interfaces). An IPv6 address
    /// makes an IPv6-only node (BEP 32).
    public var bindAddress: DHTEndpoint = DHTEndpoint(address: [0, 0, 0, 0], port: 0)!
    /// Where to listen for IPv6 as well (default `[::]:0`): the node is dual-stack (BEP 32) when the
    /// host can bind it, IPv4-only otherwise. `nil`: IPv4 only. Unused when `bindAddress` is IPv6.
    public var bindAddress6: DHTEndpoint? = DHTEndpoint(address: [UInt8](repeating: 0, count: 16), port: 0)!
    /// `host:port` bootstrap hosts: lookups ask them (with the routing table) while the table holds
    /// fewer than k good nodes, and `bootstrap(_:)` fills the table from them.
    public var bootstrapNodes: [String] = DHTConfiguration.publicRouters
    /// This node's ID; when `nil`, a BEP 42 ID for `externalAddress` (or for the bind address; random
    /// for a wildcard or local one).
    public var nodeID: NodeID?
    /// This node's public IPv4 address when known, for a BEP 42 node ID at start. A running node learns
    /// its address from responders anyway (see `externalAddressVotes`).
    public var externalAddress: [UInt8]?
    /// BEP 42 address learning: responders report the address our queries came from (`ip`); an address
    /// is believed when at least this many distinct source networks (/24, IPv6 /48) report it and they
    /// are a majority of those that reported. Then, unless `nodeID` is set, a node whose ID is not
    /// valid for it takes a BEP 42 ID. Values below 2 count as 2: one responder is never trusted.
    public var externalAddressVotes = 3
    /// BEP 42 secure mode: only nodes whose ID is valid for their address (or whose address is local)
    /// enter the routing table, and items are trusted only from such responders.
    public var secure = false
    /// Bucket size and replication factor (BEP 5: 8).
    public var k = 8
    /// Lookup parallelism: queries a lookup keeps in flight (Kademlia/BEP 5 α = 3; libtorrent uses 5).
    /// Values below 1 count as 1.
    public var alpha = 3
    /// How long to wait for one answer at most; also the ceiling of the adaptive timeout.
    public var queryTimeout: Duration = .seconds(1)
    /// Adaptive per-query timeouts: a lookup query unanswered after SRTT + 4·RTTVAR of the measured
    /// round trips (between `minimumQueryTimeout` and `queryTimeout`; half a second before the first
    /// answer) stops holding its α slot and stops counting for the lookup's end, so a dead node costs
    /// one short timeout; its late answer still counts. Off: each query holds its slot for `queryTimeout`.
    public var adaptiveTimeouts = true
    /// The floor of the adaptive timeout.
    public var minimumQueryTimeout: Duration = .milliseconds(100)
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
    /// Items stored on behalf of one source IP at most; a source at its quota replaces its own oldest
    /// item, and a full store evicts from the source holding the most.
    public var maxStoredItemsPerIP = 64
    /// Answers this node sends per second at most (and in a burst), whoever asks.
    public var answersPerSecond = 2000.0
    /// Pings in flight at once to verify nodes before they enter the routing table.
    public var maxVerificationPings = 16
    /// How often a started node runs its upkeep (expire items, ping questionable nodes, refresh buckets).
    public var maintenanceInterval: Duration = .seconds(60)
    /// A bucket unchanged for this long is refreshed with a lookup for a random ID in its range (BEP 5: 15 min).
    public var bucketRefreshInterval: Duration = .seconds(900)
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
