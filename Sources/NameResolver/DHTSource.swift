import NameDHT
import NameKeys
import NameRecord

/// The Mainline DHT (BEP 44) as a record source and a publish transport.
public struct DHTSource: RecordSource, PublishTransport {
    /// The running node.
    public let node: DHTNode

    /// Wraps a started, bootstrapped node.
    public init(node: DHTNode) { self.node = node }

    public var label: String { "dht" }

    public func candidates(for name: Name) async throws -> [Record] {
        do {
            return [try await node.resolve(name: name)]
        } catch where error.code == .notFound {
            return []
        }
    }

    public func publish(_ record: Record, key: PrivateKey) async throws {
        _ = try await node.publish(record: record, key: key)
    }
}
