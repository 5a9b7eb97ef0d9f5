/// The outcome of an iterative lookup.
public struct DHTLookupResult: Sendable {
    /// The target looked up.
    public let target: NodeID
    /// The closest nodes that answered (at most k), closest first, with the write token each gave (BEP 44 `get`).
    public let closest: [(contact: DHTContact, token: [UInt8]?)]
    /// The valid item with the highest `seq` among responders (and the local store), for `get` lookups.
    public let item: MutableItem?
    /// How many responders returned a valid item (any `seq`).
    public let itemResponders: Int
    /// Depth of the closest responder: 1 for a node from the routing table, 2 for one it returned, …
    public let hops: Int
    /// Queries sent.
    public let queried: Int
    /// Queries answered.
    public let responded: Int
}
