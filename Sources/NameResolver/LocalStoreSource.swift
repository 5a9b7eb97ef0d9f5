import NameKeys
import NameStore

/// The local SQLite store as a record source.
public struct LocalStoreSource: RecordSource {
    /// The store.
    public let store: NameStore

    /// Wraps a store.
    public init(store: NameStore) { self.store = store }

    /// `local store`.
    public var identity: EndpointIdentity { .local }

    /// The stored record for `name`, if any (validated again by the race, expiry included).
    public func candidates(for name: Name) async throws -> [[UInt8]] {
        try store.lookup(name).bytes.map { [$0] } ?? []
    }
}
