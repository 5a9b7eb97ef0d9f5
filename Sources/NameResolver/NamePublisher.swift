import NameKeys
import NameRecord
import NameStore

/// Signs and stores new records for names whose keys we hold. The sequence number comes from
/// the store (max of the held record and the highest ever seen, plus one) inside one transaction,
/// so a publish never goes backwards and concurrent publishers never reuse a sequence.
public struct NamePublisher: Sendable {
    /// The local store.
    public let store: NameStore

    /// A publisher over `store`.
    public init(store: NameStore) { self.store = store }

    /// Publishes `value` (already a canonical path, see `IPNSPath.publishValue`) for `key`'s name.
    /// - Throws: `StoreError` (`sequenceTooLow`, `io`, …).
    public func publish(key: PrivateKey, value: String, options: PublishOptions = PublishOptions()) throws(StoreError) -> Record {
        let now = Timestamp.now()
        return try store.publish(name: key.name, requestedSequence: options.sequence) { sequence in
            Record.create(key: key, value: Array(value.utf8), sequence: sequence,
                          validity: now.adding(nanoseconds: options.lifetime), ttl: options.ttl)
        }
    }
}
