import DelegatedHTTP
import NameKeys
import NameRecord

/// Somewhere a signed record is published to (DHT, DNS UPDATE, delegated HTTP). Transports take
/// only verified records. Implementations must honour cancellation.
public protocol PublishTransport: Sendable {
    /// Which transport this is (kind + endpoint), for the publish report.
    var identity: EndpointIdentity { get }
    /// Publishes `record` for `key`'s name (the key is there for transports that sign their own
    /// envelope, like BEP 44).
    func publish(_ record: VerifiedRecord, key: any SigningKey) async throws
}

/// PUT to a Delegated Routing V1 server.
public struct DelegatedHTTPTransport: PublishTransport {
    /// The client.
    public let client: DelegatedRoutingClient

    /// Wraps a client.
    public init(client: DelegatedRoutingClient) { self.client = client }

    /// `http <endpoint URL>`.
    public var identity: EndpointIdentity { EndpointIdentity(kind: "http", endpoint: client.endpoint.absoluteString) }

    /// PUTs the record to the server.
    public func publish(_ record: VerifiedRecord, key: any SigningKey) async throws {
        try await client.put(record.record, for: key.name)
    }
}
