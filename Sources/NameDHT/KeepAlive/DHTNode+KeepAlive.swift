import NameKeys
import NameRecord

/// Keeping names alive: DHT nodes drop items about two hours after their last `put`, so a name stays
/// resolvable only while someone re-puts it. The owner can re-sign; anyone else can rebroadcast the
/// *original* item (same `seq`, `v` and signature), which every node verifies like the owner's put.
extension DHTNode {
    /// Re-puts a signed item kept from an earlier lookup (e.g. `DHTLookupResult.item` of a resolve,
    /// stored with its record) to the k nodes now closest to its target, unchanged. When the lookup
    /// finds a valid item with a higher `seq` for the same target, that one is rebroadcast instead, so a
    /// follower never works against a newer record.
    /// - Returns: the item that was put, and the report.
    /// - Throws: `invalidSignature` when the item does not verify, `putFailed`, `noNodes`.
    @discardableResult
    public func rebroadcast(_ item: MutableItem) async throws(DHTError) -> (item: MutableItem, report: DHTPutReport) {
        guard item.verify() else { throw DHTError(.invalidSignature, "refusing to rebroadcast an item whose signature does not verify") }
        let found = try await lookup(target: item.target, itemSalt: item.salt, expectedKey: item.publicKey)
        let best = found.item.flatMap { $0.sequence > item.sequence ? $0 : nil } ?? item
        return (best, try await put(best, found: found, cas: nil))
    }
}

extension DHTNode {
    /// One keep-alive round for a followed `name`: looks it up and rebroadcasts the best valid item —
    /// the one the DHT holds, or `kept` (an item saved from an earlier round) when the DHT has lost
    /// the name or holds an older sequence. Either must carry a valid, unexpired IPNS record for `name`.
    /// - Returns: the item rebroadcast (keep it for the next round) and the put report.
    /// - Throws: `notFound` when neither the DHT nor `kept` has a valid record, `putFailed`, `noNodes`.
    public func keepAlive(_ name: Name, kept: MutableItem?) async throws(DHTError) -> (item: MutableItem, report: DHTPutReport) {
        let found = try? await resolveDetailed(name: name).lookup.item
        let usable = kept.flatMap { (try? IPNSItem.record(from: $0, for: name)) != nil ? $0 : nil }
        guard let best = [found, usable].compactMap({ $0 }).max(by: { $0.sequence < $1.sequence }) else {
            throw DHTError(.notFound, "no valid record for \(name) on the DHT or kept")
        }
        return try await rebroadcast(best)
    }
}
