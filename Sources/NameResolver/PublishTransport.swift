import DelegatedHTTP
import NameKeys
import NameRecord

/// Somewhere a signed record is published to (DHT, DNS UPDATE, delegated HTTP).
/// Implementations must honour cancellation and their own timeouts.
public protocol PublishTransport: Sendable {
    /// A short label for reports (`dht`, `dns`, `http`).
    var label: String { get }
    /// Publishes `record` for `key`'s name (the key is there for transports that sign their own
    /// envelope, like BEP 44).
    func publish(_ record: Record, key: any SigningKey) async throws
}

/// PUT to a Delegated Routing V1 server.
public struct DelegatedHTTPTransport: PublishTransport {
    /// The client.
    public let client: DelegatedRoutingClient

    /// Wraps a client.
    public init(client: DelegatedRoutingClient) { self.client = client }

    public var label: String { "http" }

    public func publish(_ record: Record, key: any SigningKey) async throws {
        try await client.put(record, for: key.name)
    }
}
