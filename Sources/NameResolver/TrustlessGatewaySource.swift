import DelegatedHTTP
import NameKeys

/// A trustless gateway (IPFS trustless gateway spec, IPIP-351: a namectl daemon, Kubo, rainbow…)
/// as a record source: `GET /ipns/{name}?format=ipns-record`. The gateway is not trusted: its
/// answer is validated like every other candidate.
public struct TrustlessGatewaySource: RecordSource {
    /// The client (its endpoint is the gateway's base URL).
    public let client: DelegatedRoutingClient

    /// Wraps a client for the gateway's base URL.
    public init(client: DelegatedRoutingClient) { self.client = client }

    /// `gateway <endpoint URL>`.
    public var identity: EndpointIdentity { EndpointIdentity(kind: "gateway", endpoint: client.endpoint.absoluteString) }

    /// The gateway's record for `name`, if it has one.
    public func candidates(for name: Name) async throws -> [[UInt8]] {
        guard let bytes = try await client.getGatewayRecord(name) else { return [] }
        return [bytes]
    }
}
