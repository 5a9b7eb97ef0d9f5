import NameDHT
import NameKeys
import NameRecord

/// The Mainline DHT (BEP 44) as a record source and a publish transport.
public struct DHTSource: RecordSource, PublishTransport {
    /// The running node.
    public let node: DHTNode
    /// The node's background bootstrap, if any. Lookups do not wait for it: each asks the routing table
    /// and the bootstrap hosts at once.
    public let ready: Task<Void, Never>?

    /// Wraps a started node; `ready` is its background bootstrap, if still running (cancelled by whoever
    /// stops the node).
    public init(node: DHTNode, ready: Task<Void, Never>? = nil) {
        self.node = node
        self.ready = ready
    }

    /// `dht mainline`.
    public var identity: EndpointIdentity { EndpointIdentity(kind: "dht", endpoint: "mainline") }

    /// The best record a lookup finds.
    public func candidates(for name: Name) async throws -> [[UInt8]] {
        try Task.checkCancellation()
        do {
            return [try await node.resolve(name: name).bytes]
        } catch where error.code == .notFound {
            return []
        }
    }

    /// Streams each strictly better record as the lookup hears of it, so the resolver can
    /// answer on the first valid one and still take an upgrade within its grace window.
    public func candidateStream(for name: Name) -> AsyncThrowingStream<[UInt8], any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await record in node.resolveStream(name: name) { continuation.yield(record.bytes) }
                    continuation.finish()
                } catch let error as DHTError where error.code == .notFound {
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Puts the record as a BEP 44 item signed with `key`.
    public func publish(_ record: VerifiedRecord, key: any SigningKey) async throws {
        try Task.checkCancellation()
        _ = try await node.publish(record: record.record, key: key)
    }
}
