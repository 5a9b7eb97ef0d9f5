import NameKeys
import NameRecord
import NameStore

/// The local SQLite store as a record source.
public struct LocalStoreSource: RecordSource {
    /// The store.
    public let store: NameStore

    /// Wraps a store.
    public init(store: NameStore) { self.store = store }

    public var label: String { "local" }

    public func candidates(for name: Name) async throws -> [Record] {
        try store.record(for: name).map { [$0.record] } ?? []
    }
}
