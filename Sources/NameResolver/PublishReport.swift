import NameRecord

/// What a publish did: the record stored locally and each transport's outcome.
public struct PublishReport: Sendable {
    /// The signed record (already in the local store).
    public let record: Record
    /// Per-transport outcome: `nil` on success, else the error text.
    public let transports: [String: String?]

    /// Labels of the transports that accepted the record.
    public var succeeded: [String] { transports.filter { $0.value == nil }.map(\.key).sorted() }
    /// Labels and errors of the transports that failed.
    public var failed: [(String, String)] { transports.compactMap { k, v in v.map { (k, $0) } }.sorted { $0.0 < $1.0 } }
}
