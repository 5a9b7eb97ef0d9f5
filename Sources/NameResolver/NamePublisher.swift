import NameKeys
import NameRecord
import NameStore

/// Signs and stores new records for names whose keys we hold. The sequence number comes from
/// the store (max of the held record and the highest ever seen, plus one) inside one transaction,
/// so a publish never goes backwards and concurrent publishers never reuse a sequence. A sequence,
/// once signed, is never used again: a publish that no transport confirmed stays in the store,
/// marked unconfirmed, and the next publish signs above it.
public struct NamePublisher: Sendable {
    /// The local store.
    public let store: NameStore
    /// Where records go after the local store.
    public let transports: [any PublishTransport]
    /// Per-transport timeout, in seconds.
    public let transportTimeout: Double

    /// A publisher over `store`, optionally pushing to `transports` (duplicates, by identity, are
    /// dropped: each endpoint is asked once).
    public init(store: NameStore, transports: [any PublishTransport] = [], transportTimeout: Double = 30) {
        self.store = store
        var seen = Set<EndpointIdentity>()
        self.transports = transports.filter { seen.insert($0.identity).inserted }
        self.transportTimeout = transportTimeout
    }

    /// Publishes `value` (already a canonical path, see `IPNSPath.publishValue`) for `key`'s name
    /// in the local store only.
    /// - Throws: `StoreError` (`sequenceTooLow`, `io`, …) or `RecordError` (`recordTooLarge`).
    public func publish(key: some SigningKey, value: String, options: PublishOptions = PublishOptions()) throws -> VerifiedRecord {
        try publish(key: key, bytes: Array(value.utf8), options: options)
    }

    /// Publishes a record whose Value is exactly `bytes` (a private name's ciphertext, or any
    /// binary value) for `key`'s name, in the local store only.
    /// - Throws: `StoreError` (`sequenceTooLow`, `io`, …) or `RecordError` (`recordTooLarge`).
    public func publish(key: some SigningKey, bytes: [UInt8], options: PublishOptions = PublishOptions()) throws -> VerifiedRecord {
        let now = Timestamp.now()
        return try store.publish(name: key.name, requestedSequence: options.sequence) { sequence throws(RecordError) in
            let record = try Record.create(key: key, value: bytes, sequence: sequence,
                                           validity: now.adding(nanoseconds: options.lifetime), ttl: options.ttl)
            return try RecordValidator.standard.validate(record, in: ValidationContext(name: key.name, now: now))
        }
    }
}

extension NamePublisher {
    /// Why a publish did not reach enough transports. The record stays in the local store (marked
    /// unconfirmed) and its sequence stays used.
    public struct TransportShortfall: Error, CustomStringConvertible, Sendable {
        /// The full report.
        public let report: PublishReport
        /// The minimum that was required.
        public let required: Int
        public var description: String {
            "record sequence \(report.record.sequence) reached \(report.succeeded.count) of \(required) required transport(s): "
                + report.failed.map { "\($0.0): \($0.1)" }.joined(separator: "; ")
                + " (kept in the local store as unconfirmed; the next publish signs a higher sequence)"
        }
    }

    /// Signs and stores the next record, then pushes it to every transport concurrently, each
    /// under `transportTimeout`.
    /// - Parameter minimumTransports: how many transports must accept it (default: all of them).
    /// - Throws: `StoreError`/`RecordError` before anything is published; `TransportShortfall`
    ///   when too few transports accepted the record.
    public func publishEverywhere(key: some SigningKey, value: String, options: PublishOptions = PublishOptions(),
                                  minimumTransports: Int? = nil) async throws -> PublishReport {
        try await publishEverywhere(key: key, bytes: Array(value.utf8), options: options, minimumTransports: minimumTransports)
    }

    /// `publishEverywhere(key:value:…)` for a record whose Value is exactly `bytes`.
    public func publishEverywhere(key: some SigningKey, bytes: [UInt8], options: PublishOptions = PublishOptions(),
                                  minimumTransports: Int? = nil) async throws -> PublishReport {
        let record = try publish(key: key, bytes: bytes, options: options)
        let report = await push(record, key: key)
        guard !transports.isEmpty else { return report }
        let required = min(max(0, minimumTransports ?? transports.count), transports.count)
        let reached = report.succeeded.map(\.description)
        let confirmed = report.succeeded.count >= required
        try? store.markPublish(key.name, sequence: record.sequence, status: confirmed ? .confirmed : .unconfirmed, reached: reached)
        guard confirmed else { throw TransportShortfall(report: report, required: required) }
        return report
    }

    /// Pushes an already stored record to every transport concurrently, each under
    /// `transportTimeout`, and reports each endpoint's outcome.
    public func push(_ record: VerifiedRecord, key: any SigningKey) async -> PublishReport {
        let timeout = transportTimeout
        let results = await withTaskGroup(of: (EndpointIdentity, String?).self) { group in
            for transport in transports {
                group.addTask { await NamePublisher.attempt(transport, record, key, timeout: timeout) }
            }
            var all: [EndpointIdentity: String?] = [:]
            for await (identity, error) in group { all[identity] = .some(error) }
            return all
        }
        return PublishReport(record: record, transports: results)
    }

    private static func attempt(_ transport: any PublishTransport, _ record: VerifiedRecord, _ key: any SigningKey,
                                timeout: Double) async -> (EndpointIdentity, String?) {
        let identity = transport.identity
        return await withTaskGroup(of: (EndpointIdentity, String?)?.self) { inner in
            inner.addTask {
                do {
                    try await transport.publish(record, key: key)
                    return (identity, nil)
                } catch is CancellationError {
                    return nil
                } catch {
                    return (identity, "\(error)")
                }
            }
            inner.addTask {
                try? await Task.sleep(nanoseconds: ResolutionDeadline.nanoseconds(timeout))
                return Task.isCancelled ? nil : (identity, "no answer within \(ResolutionDeadline.format(timeout))")
            }
            defer { inner.cancelAll() }
            while let r = await inner.next() { if let r { return r } }
            return (identity, "cancelled")
        }
    }
}
