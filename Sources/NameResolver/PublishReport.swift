import NameRecord

/// What a publish did: the record stored locally and each transport's outcome, by endpoint.
public struct PublishReport: Sendable {
    /// The signed record (already in the local store).
    public let record: VerifiedRecord
    /// Per-transport outcome: `nil` on success, else the error text.
    public let transports: [EndpointIdentity: String?]

    /// Makes a report.
    public init(record: VerifiedRecord, transports: [EndpointIdentity: String?]) {
        self.record = record
        self.transports = transports
    }

    /// The transports that accepted the record, in order.
    public var succeeded: [EndpointIdentity] { transports.filter { $0.value == nil }.map(\.key).sorted() }
    /// The transports that failed, with their errors, in order.
    public var failed: [(EndpointIdentity, String)] { transports.compactMap { k, v in v.map { (k, $0) } }.sorted { $0.0 < $1.0 } }

    /// A JSON form: `[{"kind", "endpoint", "ok", "error"?}]`, sorted by endpoint.
    public var transportsJSON: [[String: Any]] {
        transports.keys.sorted().map { identity in
            var object = identity.jsonObject
            let error = transports[identity] ?? nil
            object["ok"] = error == nil
            if let error { object["error"] = error }
            return object
        }
    }
}
