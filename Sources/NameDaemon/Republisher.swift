import Foundation
import Logging
import NameKeys
import NameRecord
import NameResolver
import NameStore
import PrivateNames
import ServiceLifecycle

/// Keeps names alive: re-signs owned names and the private names kept in the home (same value —
/// for a private name the same sealed value —, the next sequence, fresh EOL), and hands foreign
/// records it stores to `rebroadcast` (e.g. a DHT re-put), every interval with ±10 % jitter.
///
/// boxo re-signs with the same sequence; namectl signs the next one because a BEP 44 node replaces
/// a stored item only for a higher sequence: with the same sequence, the nodes already holding the
/// name would keep the old record until its EOL, and the name would expire on the DHT.
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
            if let key: any SigningKey = owned[name] ?? blinded[name] {
                guard isDue(held.record, now: now) else { continue }
                do {
                    let fresh = try resign(held.record, key: key)
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

    /// A held record re-signed: the same value bytes (for a private name the sealed value, so the
    /// label is not needed), the next sequence, a fresh EOL. The sequence is asked for explicitly,
    /// so a publish that lands between reading the held record and signing wins: the store refuses
    /// this one as `sequence_too_low` instead of re-signing the older value above it.
    private func resign(_ held: Record, key: some SigningKey) throws -> VerifiedRecord {
        let next = (held.sequence ?? 0) &+ 1
        return try NamePublisher(store: store).publish(key: key, bytes: held.value ?? [],
                                                       options: PublishOptions(lifetime: lifetime, ttl: ttl, sequence: next))
    }
}
