import NameKeys
import NameRecord
import NameStore

/// Signs and stores new records for names whose keys we hold. The sequence number comes from
/// the store (max of the held record and the highest ever seen, plus one) inside one transaction,
/// so a publish never goes backwards and concurrent publishers never reuse a sequence.
public struct NamePublisher: Sendable {
    /// The local store.
    public let store: NameStore
    /// Where records go after the local store.
    public let transports: [any PublishTransport]
    /// Per-transport timeout, in seconds.
    public let transportTimeout: Double

    /// A publisher over `store`, optionally pushing to `transports`.
    public init(store: NameStore, transports: [any PublishTransport] = [], transportTimeout: Double = 30) {
        self.store = store
        self.transports = transports
        self.transportTimeout = transportTimeout
    }

    /// Publishes `value` (already a canonical path, see `IPNSPath.publishValue`) for `key`'s name.
    /// - Throws: `StoreError` (`sequenceTooLow`, `io`, …) or `RecordError` (`recordTooLarge`).
    public func publish(key: some SigningKey, value: String, options: PublishOptions = PublishOptions()) throws -> Record {
        try publish(key: key, bytes: Array(value.utf8), options: options)
    }

    /// Publishes a record whose Value is exactly `bytes` (a private name's ciphertext, or any
    /// binary value) for `key`'s name.
    /// - Throws: `StoreError` (`sequenceTooLow`, `io`, …) or `RecordError` (`recordTooLarge`).
    public func publish(key: some SigningKey, bytes: [UInt8], options: PublishOptions = PublishOptions()) throws -> Record {
        let now = Timestamp.now()
        return try store.publish(name: key.name, requestedSequence: options.sequence) { sequence throws(RecordError) in
            try Record.create(key: key, value: bytes, sequence: sequence,
                          validity: now.adding(nanoseconds: options.lifetime), ttl: options.ttl)
        }
    }
}

extension NamePublisher {
    /// Why a publish did not reach enough transports (the record is in the local store regardless).
    public struct TransportShortfall: Error, CustomStringConvertible, Sendable {
        /// The full report.
        public let report: PublishReport
        /// The minimum that was required.
        public let required: Int
        /// Whether the local publish was undone (no transport accepted the record).
        public let undone: Bool
        public var description: String {
            "record sequence \(report.record.sequence ?? 0) reached \(report.succeeded.count) of \(required) required transport(s): "
                + report.failed.map { "\($0.0): \($0.1)" }.joined(separator: "; ")
                + (undone ? " (nothing published; local state unchanged)" : " (kept in the local store)")
        }
    }

    /// Signs and stores the next record, then pushes it to every transport concurrently.
    /// - Parameter minimumTransports: how many transports must accept it (default: all of them).
    /// - Throws: `StoreError` before anything is published; `TransportShortfall` when too few
    ///   transports accepted the record. When transports were given and *none* accepted it, nobody
    ///   has seen the record, so the local publish is undone too (local state unchanged).
    public func publishEverywhere(key: some SigningKey, value: String, options: PublishOptions = PublishOptions(),
                                  minimumTransports: Int? = nil) async throws -> PublishReport {
        try await publishEverywhere(key: key, bytes: Array(value.utf8), options: options, minimumTransports: minimumTransports)
    }

    /// `publishEverywhere(key:value:…)` for a record whose Value is exactly `bytes`.
    public func publishEverywhere(key: some SigningKey, bytes: [UInt8], options: PublishOptions = PublishOptions(),
                                  minimumTransports: Int? = nil) async throws -> PublishReport {
        let previous = try store.record(for: key.name)
        let previousHighest = try store.highestSeen(key.name)
        let record = try publish(key: key, bytes: bytes, options: options)
        let timeout = transportTimeout
        let results = await withTaskGroup(of: (String, String?).self) { group in
            for transport in transports {
                group.addTask {
                    await withTaskGroup(of: (String, String?)?.self) { inner in
                        inner.addTask {
                            do {
                                try await transport.publish(record, key: key)
                                return (transport.label, nil)
                            } catch is CancellationError {
                                return nil
                            } catch {
                                return (transport.label, "\(error)")
                            }
                        }
                        inner.addTask {
                            try? await Task.sleep(nanoseconds: UInt64(timeout * 1e9))
                            return Task.isCancelled ? nil : (transport.label, "no answer within \(timeout) s")
                        }
                        defer { inner.cancelAll() }
                        while let r = await inner.next() { if let r { return r } }
                        return (transport.label, "cancelled")
                    }
                }
            }
            var all: [String: String?] = [:]
            for await (label, error) in group { all[label] = .some(error) }
            return all
        }
        let report = PublishReport(record: record, transports: results)
        let required = min(minimumTransports ?? transports.count, transports.count)
        guard report.succeeded.count >= required else {
            let undone = report.succeeded.isEmpty && !transports.isEmpty
                && (try? store.undoPublish(record, for: key.name, previous: previous, previousHighest: previousHighest)) == true
            throw TransportShortfall(report: report, required: required, undone: undone)
        }
        return report
    }
}
