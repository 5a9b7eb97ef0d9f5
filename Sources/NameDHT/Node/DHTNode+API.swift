import NameKeys
import NameRecord
import Synchronization

/// Records validated during one resolve lookup, so the winner is not validated twice.
private final class AcceptedRecords: Sendable {
    private let records = Mutex<[MutableItem: Record]>([:])
    func insert(_ record: Record, for item: MutableItem) { records.withLock { $0[item] = record } }
    func record(for item: MutableItem) -> Record? { records.withLock { $0[item] } }
}

/// The operations namectl calls: bootstrap, BEP 44 get/put, and IPNS publish/resolve on top.
extension DHTNode {
    /// Joins the DHT: asks each bootstrap endpoint (default: `configuration.bootstrapNodes`, resolved
    /// with getaddrinfo) for nodes near our ID, then runs lookups for our ID and a few random IDs to
    /// fill the k-buckets. Nodes already in the routing table (e.g. imported) are used as well.
    /// - Returns: the routing-table size afterwards.
    /// - Throws: `noNodes` when no bootstrap node answered and the table is empty, `notRunning`.
    @discardableResult
    public func bootstrap(_ endpoints: [DHTEndpoint]? = nil) async throws(DHTError) -> Int {
        guard transport != nil else { throw DHTError(.notRunning, "start the node before bootstrapping") }
        var seeds = endpoints ?? []
        if endpoints == nil {
            // getaddrinfo blocks: resolve router names off the actor so queries keep being answered.
            let names = configuration.bootstrapNodes
            let resolved = await Task.detached {
                names.map { text -> (endpoints: [DHTEndpoint], failure: String?) in
                    do { return (try DHTEndpoint.resolve(text), nil) } catch { return ([], "\(error)") }
                }
            }.value
            for r in resolved {
                seeds += r.endpoints
                if let failure = r.failure { drop("bootstrap_unresolved", failure) }
            }
        }
        let me = id
        await withTaskGroup(of: Void.self) { group in
            for e in seeds {
                group.addTask {
                    switch await self.exchange(.findNode(id: me, target: me), to: e) {
                    case .answered(let r): await self.learn(r.nodes)
                    case .failed(let error): await self.drop("bootstrap_failed", "\(e): \(error.reason)")
                    }
                }
            }
        }
        _ = try await lookup(target: id)
        for prefix in 0..<3 {
            _ = try? await lookup(target: id.random(sharingPrefix: prefix))
        }
        lastBootstrap = .now()
        return table.count
    }

    /// Adds nodes a bootstrap node returned, as unverified entries.
    func learn(_ contacts: [DHTContact]) {
        let now = clock.now
        for c in contacts where acceptable(c) { table.observe(c, responded: false, now: now) }
    }

    /// Finds the `k` nodes closest to `target` (a `find_node` lookup).
    public func findNodes(near target: NodeID) async throws(DHTError) -> DHTLookupResult {
        try await lookup(target: target)
    }

    /// BEP 44 `get`: the valid item with the highest `seq` for `publicKey` and `salt`.
    /// - Throws: `notFound` when no responder held a valid item, `noNodes`.
    public func getItem(publicKey: [UInt8], salt: [UInt8]) async throws(DHTError) -> DHTLookupResult {
        let result = try await lookup(target: NodeID.target(publicKey: publicKey, salt: salt), itemSalt: salt, expectedKey: publicKey)
        guard result.item != nil else {
            throw DHTError(.notFound, "no valid item for \(NodeID.target(publicKey: publicKey, salt: salt)) among \(result.responded) responders")
        }
        return result
    }

    /// BEP 44 `put`: looks up the target, then stores `item` on the k closest nodes that gave a write
    /// token (and in this node's own store).
    /// - Parameter cas: when set, nodes only replace an item whose `seq` equals it (BEP 44 compare-and-swap).
    /// - Throws: `invalidSignature` for an item that does not verify, `putFailed` when no node accepted it.
    @discardableResult
    public func putItem(_ item: MutableItem, cas: Int64? = nil) async throws(DHTError) -> DHTPutReport {
        guard item.verify() else { throw DHTError(.invalidSignature, "refusing to put an item whose signature does not verify") }
        let target = item.target
        let found = try await lookup(target: target, itemSalt: item.salt, expectedKey: item.publicKey)
        try? store.put(item, cas: cas, now: clock.now)
        let request = KRPCQuery.PutRequest(publicKey: item.publicKey, salt: item.salt, sequence: item.sequence,
                                           value: item.value, signature: item.signature, cas: cas)
        let me = id
        let outcomes = await withTaskGroup(of: (DHTContact, QueryOutcome).self) { group in
            for (contact, token) in found.closest {
                guard let token else { continue }
                group.addTask { (contact, await self.exchange(.put(id: me, token: token, request: request), to: contact.endpoint)) }
            }
            var all: [(DHTContact, QueryOutcome)] = []
            for await o in group { all.append(o) }
            return all
        }
        var stored: [DHTContact] = [], refusals: [String] = []
        for (contact, outcome) in outcomes {
            switch outcome {
            case .answered: stored.append(contact)
            case .failed(let error): refusals.append("\(contact.endpoint): \(error.reason)")
            }
        }
        guard !stored.isEmpty else {
            throw DHTError(.putFailed, "no node stored the item (\(found.closest.count) close nodes; \(refusals.joined(separator: "; ")))")
        }
        return DHTPutReport(target: target, storedOn: stored, refusals: refusals,
                            highestSequenceSeen: found.item?.sequence, hops: found.hops)
    }

    /// Publishes an IPNS record as a BEP 44 mutable item (salt `ipns`, `seq` = record sequence).
    /// - Throws: `valueTooLarge` when the record bencodes to more than 1000 bytes, `invalidRecord` when
    ///   it is not valid for `key`'s name, `putFailed`, `noNodes`.
    @discardableResult
    public func publish(record: Record, key: PrivateKey) async throws(DHTError) -> DHTPutReport {
        try await putItem(try IPNSItem.make(record: record, key: key))
    }

    /// Resolves `name` from the DHT: the record with the highest sequence among responders whose item
    /// signature verifies AND whose IPNS record is valid for `name` (sequence equals `seq`, not expired).
    /// Invalid items are logged and ignored, so one bad node cannot hide a good record.
    /// - Throws: `unsupportedName` (no embedded Ed25519 key), `notFound`, `noNodes`.
    public func resolve(name: Name) async throws(DHTError) -> Record {
        try await resolveDetailed(name: name).record
    }

    /// Like `resolve(name:)`, also returning the item and lookup statistics.
    public func resolveDetailed(name: Name) async throws(DHTError) -> (record: Record, lookup: DHTLookupResult) {
        let key = try IPNSItem.publicKey(of: name)
        let now = Timestamp.now()
        let accepted = AcceptedRecords()
        // The lookup has checked key, salt and signature before this runs, and keeps only items it accepts.
        let result = try await lookup(target: try IPNSItem.target(for: name), itemSalt: IPNSItem.salt, expectedKey: key) { item in
            do throws(DHTError) {
                accepted.insert(try IPNSItem.record(fromVerified: item, for: name, now: now), for: item)
                return nil
            } catch {
                return error.description
            }
        }
        guard let item = result.item, let record = accepted.record(for: item) else {
            throw DHTError(.notFound, "no valid IPNS record for \(name) among \(result.responded) responders")
        }
        return (record, result)
    }
}
