import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NameKeys
import NameRecord

/// A client for Delegated Routing V1 HTTP (IPNS): `GET`/`PUT /routing/v1/ipns/{name}` against a
/// namectl daemon, someguy, or any spec-compliant server. It only moves bytes; callers validate.
public struct DelegatedRoutingClient: Sendable {
    /// The server's base URL, e.g. `http://127.0.0.1:8080`.
    public let endpoint: URL
    /// Per-request timeout, in seconds: the whole exchange, from connecting to the last body byte.
    public let timeout: Double

    /// A client for `endpoint` (`http://` or `https://`).
    public init(endpoint: String, timeout: Double = 5) throws(DelegatedRoutingError) {
        guard let url = URL(string: endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint),
              let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw DelegatedRoutingError(.invalidEndpoint, "'\(endpoint)' is not an http(s) URL")
        }
        self.endpoint = url
        self.timeout = timeout
    }

    private func url(for name: Name) -> URL {
        endpoint.appendingPathComponent("routing/v1/ipns/\(name)")
    }

    private static var configuration: URLSessionConfiguration {
        let config = URLSessionConfiguration.ephemeral
        config.requestCachePolicy = .reloadIgnoringLocalCacheData
        return config
    }

    /// The most a PUT's answer may carry (servers explain a refusal in a few lines).
    static let maxPutAnswer = 64 * 1024

    /// Fetches the record bytes for `name`; `nil` when the server has none (404).
    public func get(_ name: Name) async throws(DelegatedRoutingError) -> [UInt8]? {
        try await fetchRecord(url(for: name), name)
    }

    /// Fetches the record bytes for `name` from a trustless gateway at `endpoint`
    /// (`GET /ipns/{name}?format=ipns-record`, IPIP-351); `nil` when it has none (404).
    public func getGatewayRecord(_ name: Name) async throws(DelegatedRoutingError) -> [UInt8]? {
        var components = URLComponents(url: endpoint.appendingPathComponent("ipns/\(name)"), resolvingAgainstBaseURL: false)
        components?.queryItems = [URLQueryItem(name: "format", value: "ipns-record")]
        guard let url = components?.url else { throw DelegatedRoutingError(.invalidEndpoint, "cannot form a gateway URL from \(endpoint)") }
        return try await fetchRecord(url, name)
    }

    private func fetchRecord(_ url: URL, _ name: Name) async throws(DelegatedRoutingError) -> [UInt8]? {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.setValue("application/vnd.ipfs.ipns-record", forHTTPHeaderField: "Accept")
        let (data, status) = try await send(request, limit: Record.maxSize, what: "a record of \(name)")
        switch status {
        case 200:
            return Array(data)
        case 404: return nil
        default: throw DelegatedRoutingError(.httpStatus, "GET \(url) answered \(status)")
        }
    }

    /// Sends a record; the server validates it.
    public func put(_ record: Record, for name: Name) async throws(DelegatedRoutingError) {
        var request = URLRequest(url: url(for: name), timeoutInterval: timeout)
        request.httpMethod = "PUT"
        request.setValue("application/vnd.ipfs.ipns-record", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(record.bytes)
        let (data, status) = try await send(request, limit: DelegatedRoutingClient.maxPutAnswer, what: "the answer to a PUT")
        guard (200..<300).contains(status) else {
            throw DelegatedRoutingError(.refused, "PUT \(url(for: name)) answered \(status): \(String(decoding: data.prefix(300), as: UTF8.self))")
        }
    }

    private func send(_ request: URLRequest, limit: Int, what: String) async throws(DelegatedRoutingError) -> (Data, Int) {
        let url = request.url?.absoluteString ?? "?"
        switch await BoundedExchange.run(request, configuration: DelegatedRoutingClient.configuration, limit: limit, timeout: timeout) {
        case .answered(let status, let body):
            return (body, status)
        case .oversized:
            throw DelegatedRoutingError(.oversized, "\(url) sent more than \(limit) bytes for \(what)")
        case .timedOut:
            throw DelegatedRoutingError(.unreachable, "\(url): no complete answer within \(timeout) s")
        case .failed(let reason):
            throw DelegatedRoutingError(.unreachable, "\(url): \(reason)")
        }
    }
}
