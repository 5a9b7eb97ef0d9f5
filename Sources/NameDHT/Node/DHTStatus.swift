import NameRecord

/// A snapshot of a node for `namectl dht status`.
public struct DHTStatus: Sendable {
    /// This node's ID.
    public let nodeID: NodeID
    /// Where it listens (`nil` before `start()`).
    public let endpoint: DHTEndpoint?
    /// Nodes in the routing table.
    public let routingTableSize: Int
    /// Of those, nodes that answered within the last 15 minutes (BEP 5 "good").
    public let goodNodes: Int
    /// Non-empty k-buckets.
    public let occupiedBuckets: Int
    /// Items stored for others (bounded by `maxStoredItems`, `maxStoredItemsPerIP` per source address).
    public let storedItems: Int
    /// This node's own items: those it published or rebroadcast itself (owned and followed names);
    /// items seen in lookups are never stored.
    public let ownItems: Int
    /// Our public address as a majority of distinct responders report it (BEP 42 `ip`), when learned.
    public let externalAddress: DHTEndpoint?
    /// When `bootstrap(_:)` last completed.
    public let lastBootstrap: Timestamp?
    /// Outgoing queries awaiting an answer.
    public let inFlightQueries: Int
    /// Datagrams received.
    public let packetsReceived: Int
    /// Datagrams or items ignored, by reason (`malformed_bencode`, `oversized`, `unknown_transaction`,
    /// `rate_limited`, `overloaded`, `invalid_item`, `query_failed`, `refused_<code>`, …).
    public let dropped: [String: Int]
}
