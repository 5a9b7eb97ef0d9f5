import Foundation
import Logging
import NameKeys
import NameRecord
import NameResolver
import NameStore
import ServiceLifecycle

/// Keeps names alive: re-signs owned names (same value and sequence, fresh EOL, as boxo does) and
/// hands foreign records it stores to `rebroadcast` (e.g. a DHT re-put), every interval with ±10 %
/// jitter. Decisions come from the records' EOLs in the store, so it picks up where it left off
/// after a restart.
public struct Republisher: Service {
    let store: NameStore
    let keys: @Sendable () -> [PrivateKey]
    let interval: Double
    let lifetime: UInt64
    let ttl: UInt64
    let rebroadcast: @Sendable (Name, Record) async -> Void
    let logger: Logger

    /// Makes a republisher. `keys` returns the keys it may sign with (unlocked ones only).
    public init(store: NameStore, keys: @escaping @Sendable () -> [PrivateKey], interval: Double, lifetime: UInt64, ttl: UInt64,
                rebroadcast: @escaping @Sendable (Name, Record) async -> Void, logger: Logger) {
        self.store = store
        self.keys = keys
        self.interval = interval
        self.lifetime = lifetime
        self.ttl = ttl
        self.rebroadcast = rebroadcast
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled {
            await runOnce(now: .now())
            let jitter = Double.random(in: 0.9...1.1)
            do { try await Task.sleep(nanoseconds: UInt64(interval * jitter * 1e9)) } catch { return }
        }
    }

    /// One pass: returns the names re-signed.
    @discardableResult
    public func runOnce(now: Timestamp) async -> [Name] {
        var resigned: [Name] = []
        let owned = Dictionary(keys().map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let names = (try? store.names()) ?? []
        for name in names {
            guard let held = try? store.record(for: name) else { continue }
            if let key = owned[name] {
                // Re-sign when the record has used up more than one interval of its lifetime.
                guard let eol = held.record.validity, now.nanoseconds(until: eol) < Int64(clamping: lifetime) - Int64(interval * 1e9) else { continue }
                do {
                    let fresh = try Record.create(key: key, value: held.record.value ?? [], sequence: held.record.sequence ?? 0,
                                                  validity: now.adding(nanoseconds: lifetime), ttl: ttl)
                    try store.put(try RecordValidator.standard.validate(fresh, for: name), source: "local")
                    resigned.append(name)
                    logger.info("re-signed", metadata: ["name": "\(name)", "sequence": "\(fresh.sequence ?? 0)"])
                    await rebroadcast(name, fresh)
                } catch {
                    logger.warning("republish refused", metadata: ["name": "\(name)", "error": "\(error)"])
                }
            } else if let eol = held.record.validity, now < eol {
                await rebroadcast(name, held.record)
            }
        }
        return resigned
    }
}
