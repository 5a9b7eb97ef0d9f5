import Foundation
import Logging
import NameKeys
import NameRecord
import NameResolver
import NameStore
import PrivateNames
import ServiceLifecycle

/// Keeps names alive: re-signs owned names (same value and sequence, fresh EOL, as boxo does) and
/// private names kept in the home (same sealed value, next sequence, fresh EOL), and hands foreign
/// records it stores to `rebroadcast` (e.g. a DHT re-put), every interval with ±10 % jitter.
/// Decisions come from the records' EOLs in the store, so it picks up where it left off after a restart.
public struct Republisher: Service {
    let store: NameStore
    let keys: @Sendable () -> [PrivateKey]
    let privateNames: @Sendable () -> [PrivateNameKey]
    let interval: Double
    let lifetime: UInt64
    let ttl: UInt64
    let rebroadcast: @Sendable (Name, Record) async -> Void
    let logger: Logger

    /// Makes a republisher. `keys` returns the keys it may sign with (unlocked ones only);
    /// `privateNames` the private names of those keys to keep alive (read again every pass).
    public init(store: NameStore, keys: @escaping @Sendable () -> [PrivateKey], privateNames: @escaping @Sendable () -> [PrivateNameKey] = { [] },
                interval: Double, lifetime: UInt64, ttl: UInt64,
                rebroadcast: @escaping @Sendable (Name, Record) async -> Void, logger: Logger) {
        self.store = store
        self.keys = keys
        self.privateNames = privateNames
        self.interval = interval
        self.lifetime = lifetime
        self.ttl = ttl
        self.rebroadcast = rebroadcast
        self.logger = logger
    }

    /// Runs a pass every interval (±10 %) until cancelled or the service group shuts down gracefully
    /// (SIGTERM): without that, the daemon would never exit on SIGTERM while the loop sleeps.
    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await runOnce(now: .now())
                let jitter = Double.random(in: 0.9...1.1)
                do { try await Task.sleep(nanoseconds: UInt64(interval * jitter * 1e9)) } catch { return }
            }
        }
    }

    /// One pass: returns the names re-signed (private names by their blinded name).
    @discardableResult
    public func runOnce(now: Timestamp) async -> [Name] {
        var resigned: [Name] = []
        let owned = Dictionary(keys().map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let blinded = Dictionary(privateNames().map { ($0.address.blindedName, $0.signingKey) }, uniquingKeysWith: { a, _ in a })
        let names = (try? store.names()) ?? []
        for name in names {
            guard let held = try? store.record(for: name) else { continue }
            if let key = owned[name] {
                guard isDue(held.record, now: now) else { continue }
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
            } else if let key = blinded[name] {
                guard isDue(held.record, now: now) else { continue }
                do {
                    let fresh = try resignPrivate(held.record, key: key)
                    resigned.append(name)
                    logger.info("re-signed", metadata: ["name": "\(name)", "sequence": "\(fresh.sequence)"])
                    await rebroadcast(name, fresh.record)
                } catch {
                    logger.warning("republish refused", metadata: ["name": "\(name)", "error": "\(error)"])
                }
            } else if let eol = held.record.validity, now < eol {
                await rebroadcast(name, held.record)
            }
        }
        return resigned
    }

    /// Whether `record` has used up more than one interval of its lifetime.
    private func isDue(_ record: Record, now: Timestamp) -> Bool {
        guard let eol = record.validity else { return false }
        return now.nanoseconds(until: eol) < Int64(clamping: lifetime) - Int64(interval * 1e9)
    }

    /// A private name's held record re-signed by its blinded key: the same sealed value (the label is
    /// not needed to keep it, and the value stays what its owner published), the next sequence (a
    /// BEP 44 node replaces an item only for a higher sequence), a fresh EOL. The sequence is asked
    /// for explicitly, so a publish that lands between reading the held record and signing wins:
    /// the store refuses this one as `sequence_too_low` instead of re-signing the older value above it.
    private func resignPrivate(_ held: Record, key: BlindedKey) throws -> VerifiedRecord {
        let next = (held.sequence ?? 0) &+ 1
        return try NamePublisher(store: store).publish(key: key, bytes: held.value ?? [],
                                                       options: PublishOptions(lifetime: lifetime, ttl: ttl, sequence: next))
    }
}
