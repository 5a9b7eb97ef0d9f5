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
    /// Joins the DHT: adds `endpoints` to the bootstrap hosts (with the configured
    /// `configuration.bootstrapNodes`, resolved with getaddrinfo), then runs a lookup for our own ID and
    /// a few random IDs, which ask the bootstrap hosts and the routing table at once and fill the
    /// k-buckets with the nodes that answer. Lookups do not need it to finish (they ask the bootstrap
    /// hosts themselves while the table is short of good nodes): run it in the background.
    /// - Returns: the routing-table size afterwards.
    /// - Throws: `noNodes` when nobody answered and the table is empty, `notRunning`.
    @discardableResult
    public func bootstrap(_ endpoints: [DHTEndpoint] = []) async throws(DHTError) -> Int {
        guard transport != nil else { throw DHTError(.notRunning, "start the node before bootstrapping") }
        for e in endpoints where !seeds.contains(e) { seeds.append(e) }
        _ = try await lookup(target: id)
        guard table.count > 0 else { throw DHTError(.noNodes, "no bootstrap host or known node answered") }
        for prefix in 0..<3 {
            _ = try? await lookup(target: id.random(sharingPrefix: prefix))
        }
        guard table.count > 0 else { throw DHTError(.noNodes, "no bootstrap host or known node answered") }
        lastBootstrap = .now()
        return table.count
    }

    /// Bootstraps from `host:port` names as well (resolved with getaddrinfo off the actor), e.g. a
    /// `--bootstrap` list. See `bootstrap(_:)`.
    /// - Returns: the routing-table size afterwards.
    /// - Throws: `noNodes` when nobody answered and the table is empty, `notRunning`.
    @discardableResult
    public func bootstrap(hosts: [String]) async throws(DHTError) -> Int {
        try await bootstrap(await resolveHosts(hosts))
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
        let found = try await lookup(target: item.target, itemSalt: item.salt, expectedKey: item.publicKey)
        return try await put(item, found: found, cas: cas)
    }

    /// Stores `item` on the closest nodes of a `get` lookup for its target that gave a write token
    /// (and in this node's own store).
    /// - Throws: `putFailed` when no node accepted it.
    func put(_ item: MutableItem, found: DHTLookupResult, cas: Int64?) async throws(DHTError) -> DHTPutReport {
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
        return DHTPutReport(target: item.target, storedOn: stored, refusals: refusals,
                            highestSequenceSeen: found.item?.sequence, hops: found.hops)
    }

    /// Publishes an IPNS record as a BEP 44 mutable item (salt `ipns`, `seq` = record sequence).
    /// - Throws: `valueTooLarge` when the record bencodes to more than 1000 bytes, `invalidRecord` when
    ///   it is not valid for `key`'s name, `putFailed`, `noNodes`.
    @discardableResult
    public func publish(record: Record, key: some SigningKey) async throws(DHTError) -> DHTPutReport {
        try await putItem(try IPNSItem.make(record: record, key: key))
    }

    /// Resolves `name` from the DHT: the record with the highest sequence among responders whose item
    /// signature verifies AND whose IPNS record is valid for `name` (sequence equals `seq`, not expired).
    /// Invalid items are logged and ignored, so one bad node cannot hide a good record.
    /// Runs the complete lookup (the k closest nodes answered); see `resolveFirst(name:)` and
    /// `resolveStream(name:)` for answers as soon as one valid record is in hand.
    /// - Throws: `unsupportedName` (no embedded Ed25519 key), `notFound`, `noNodes`.
    public func resolve(name: Name) async throws(DHTError) -> Record {
        try await resolveDetailed(name: name).record
    }

    /// Like `resolve(name:)`, also returning the item and lookup statistics.
    public func resolveDetailed(name: Name) async throws(DHTError) -> (record: Record, lookup: DHTLookupResult) {
        let (record, result) = try await resolveLookup(name: name) { _ in true }
        guard let record else {
            throw DHTError(.notFound, "no valid IPNS record for \(name) among \(result.responded) responders")
        }
        return (record, result)
    }

    /// The first valid record the lookup finds for `name`, returned as soon as one responder's item has
    /// passed every check `resolve(name:)` makes (BEP 44 signature, then the IPNS record for `name`,
    /// sequence agreement, expiry); the rest of the lookup is cancelled. About one round trip to the
    /// closest node holding the item, instead of waiting for the k closest (and for dead nodes' timeouts).
    ///
    /// It is *a* valid record, not necessarily the highest sequence on the DHT: callers that must not
    /// go backwards compare it with the highest sequence they have seen (as the resolver does), or use
    /// `resolveStream(name:)` with a grace window.
    /// - Throws: `unsupportedName`, `notFound` (the lookup ended without a valid record), `noNodes`.
    public func resolveFirst(name: Name) async throws(DHTError) -> Record {
        var first: Record?
        let (_, result) = try await resolveLookup(name: name) { record in
            first = record
            return false
        }
        guard let first else {
            throw DHTError(.notFound, "no valid IPNS record for \(name) among \(result.responded) responders")
        }
        return first
    }

    /// Resolves `name`, yielding each strictly better valid record (higher sequence) as it arrives: the
    /// first valid one after about one round trip, then any higher sequence later responders hold.
    /// Every yielded record passed the checks `resolve(name:)` makes. The stream finishes when the
    /// lookup completes (the k closest nodes answered, or `lookupTimeout`), and throws `DHTError`
    /// (`notFound` when it ends without any valid record, `unsupportedName`, `noNodes`). Ending the
    /// iteration early (or cancelling the consuming task) cancels the lookup.
    ///
    /// The failure type is `any Error` only because `AsyncThrowingStream` cannot be built with a typed
    /// one; every error it throws is a `DHTError`.
    public nonisolated func resolveStream(name: Name) -> AsyncThrowingStream<Record, any Error> {
        let (stream, continuation) = AsyncThrowingStream<Record, any Error>.makeStream()
        let task = Task {
            do throws(DHTError) {
                let (best, result) = try await self.resolveLookup(name: name) { record in
                    continuation.yield(record)
                    return true
                }
                if best == nil, !Task.isCancelled {
                    throw DHTError(.notFound, "no valid IPNS record for \(name) among \(result.responded) responders")
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// The IPNS `get` lookup behind the resolve calls: `improved` sees each strictly better valid record
    /// (on the actor) and returns whether to keep looking. Returns the best record and the lookup.
    private func resolveLookup(name: Name, improved: (Record) -> Bool) async throws(DHTError) -> (Record?, DHTLookupResult) {
        let key = try IPNSItem.publicKey(of: name)
        let now = Timestamp.now()
        let accepted = AcceptedRecords()
        // The lookup has checked key, salt and signature before `accept` runs, and reports only items it accepted.
        let result = try await lookup(target: try IPNSItem.target(for: name), itemSalt: IPNSItem.salt, expectedKey: key,
                                      accept: { item in
            do throws(DHTError) {
                accepted.insert(try IPNSItem.record(fromVerified: item, for: name, now: now), for: item)
                return nil
            } catch {
                return error.description
            }
        }, improved: { item in
            guard let record = accepted.record(for: item) else { return true }
            return improved(record)
        })
        return (result.item.flatMap { accepted.record(for: $0) }, result)
    }
}
