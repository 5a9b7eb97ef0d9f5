/// What a `put` achieved.
public struct DHTPutReport: Sendable {
    /// The item's DHT target.
    public let target: NodeID
    /// Nodes that acknowledged the put.
    public let storedOn: [DHTContact]
    /// Nodes that refused it, with their reason (e.g. `302 sequence number less than current`).
    public let refusals: [String]
    /// The highest valid `seq` seen for the target during the lookup (possibly newer than ours).
    public let highestSequenceSeen: Int64?
    /// Lookup hops to the closest responder.
    public let hops: Int
}
