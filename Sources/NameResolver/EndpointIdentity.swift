/// Who a record source or publish transport is: its kind and its endpoint
/// (`http https://a.example`, `dns 127.0.0.1:53`, `dht mainline`, `local store`).
///
/// The race, quorum counting, backoff, the publish report, JSON output and logs are keyed by it,
/// so two servers of one kind count as two. Metrics use only `kind` (a bounded label set).
public struct EndpointIdentity: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The kind of source or transport (`local`, `dns`, `dht`, `http`, `amino`, `gateway`).
    public let kind: String
    /// Which one of that kind (a URL, `host:port`, a network name).
    public let endpoint: String

    /// Makes an identity.
    public init(kind: String, endpoint: String) {
        self.kind = kind
        self.endpoint = endpoint
    }

    /// The local store.
    public static let local = EndpointIdentity(kind: "local", endpoint: "store")

    /// `kind endpoint`.
    public var description: String { "\(kind) \(endpoint)" }

    /// Orders by kind, then endpoint.
    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.kind, lhs.endpoint) < (rhs.kind, rhs.endpoint) }

    /// A JSON form: `{"kind": …, "endpoint": …}`.
    public var jsonObject: [String: Any] { ["kind": kind, "endpoint": endpoint] }
}
