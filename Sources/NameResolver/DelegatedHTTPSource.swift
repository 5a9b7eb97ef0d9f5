import DelegatedHTTP
import NameKeys
import NameRecord

/// A Delegated Routing V1 HTTP server (a namectl daemon, someguy…) as a record source.
public struct DelegatedHTTPSource: RecordSource {
    /// The client.
    public let client: DelegatedRoutingClient

    /// Wraps a client.
    public init(client: DelegatedRoutingClient) { self.client = client }

    public var label: String { "http" }

    public func candidates(for name: Name) async throws -> [Record] {
        guard let bytes = try await client.get(name) else { return [] }
        return [try Record(bytes: bytes)]
    }
}
