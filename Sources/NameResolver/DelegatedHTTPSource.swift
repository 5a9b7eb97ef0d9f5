import DelegatedHTTP
import NameKeys

/// A Delegated Routing V1 HTTP server (a namectl daemon, someguy…) as a record source.
public struct DelegatedHTTPSource: RecordSource {
    /// The client.
    public let client: DelegatedRoutingClient

    /// Wraps a client.
    public init(client: DelegatedRoutingClient) { self.client = client }

    /// `http <endpoint URL>`.
    public var identity: EndpointIdentity { EndpointIdentity(kind: "http", endpoint: client.endpoint.absoluteString) }

    /// The server's record for `name`, if it has one.
    public func candidates(for name: Name) async throws -> [[UInt8]] {
        guard let bytes = try await client.get(name) else { return [] }
        return [bytes]
    }
}
