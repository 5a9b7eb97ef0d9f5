import Multiformats
import NameKeys
import NameRecord
import NameStore

/// Resolves names and paths to their current value: every candidate record is validated
/// (signature, key ↔ name, V1/V2 agreement, expiry, no rollback below the highest sequence seen),
/// the best is selected in boxo's order, `/ipns/` values and DNSLink are followed recursively
/// with loop detection, and the remaining path is appended.
///
/// ```swift
/// let store = try NameStore(path: home + "/namectl.sqlite")
/// let resolver = NameResolver(ResolverConfiguration(store: store))
/// let result = try await resolver.resolve("/ipns/k51…/docs")
/// print(result.value)   // /ipfs/bafy…/docs
/// ```
public final class NameResolver: Sendable {
    /// The configuration in use.
    public let configuration: ResolverConfiguration
    private let cache = ResolutionCache()
    private let validator = RecordValidator.standard

    /// Makes a resolver.
    public init(_ configuration: ResolverConfiguration) {
        self.configuration = configuration
    }

    /// Drops every cached resolution.
    public func clearCache() { cache.removeAll() }

    /// Resolves a name, `/ipns/…` path or `/ipfs/…` path.
    /// - Throws: `ResolveError` (`notFound`, `expired` naming the EOL, `validationFailed`, `loop`, `depthExceeded`, …).
    public func resolve(_ text: String) async throws(ResolveError) -> Resolution {
        let now = Timestamp.now()
        if configuration.useCache, let hit = cache.lookup(text, now: now) { return hit }
        let (resolution, until) = try await resolve(try IPNSPath(text), now: now)
        if configuration.useCache, let until { cache.store(text, resolution, until: until) }
        return resolution
    }

    /// The best valid record for `name` from all sources, with its source label.
    public func record(for name: Name) async throws(ResolveError) -> (record: Record, source: String) {
        try await bestRecord(name, now: .now())
    }

    private func resolve(_ start: IPNSPath, now: Timestamp) async throws(ResolveError) -> (Resolution, Timestamp?) {
        var path = start
        var visited = Set<String>()
        var hops: [String] = []
        var last: (name: Name, record: Record, source: String)?
        var until: Timestamp?
        for _ in 0...configuration.maxDepth {
            hops.append(path.description)
            let key: String
            let target: String
            switch path.root {
            case .cid:
                return (finish(path.description, last, hops), until)
            case .name(let name):
                key = name.description
                guard visited.insert(key).inserted else { throw ResolveError(.loop, "resolution loops back to /ipns/\(key): \(hops.joined(separator: " → "))") }
                let (record, source) = try await bestRecord(name, now: now)
                last = (name, record, source)
                let ttlDeadline = now.adding(nanoseconds: record.ttl ?? 0)
                let eol = record.validity ?? now
                let recordUntil = min(ttlDeadline, eol)
                until = until.map { min($0, recordUntil) } ?? recordUntil
                guard let value = record.value, let text = String(validating: value, as: UTF8.self) else {
                    return (finish("m" + base64(record.value ?? []), last, hops, appending: path.remainder), until)
                }
                target = text
            case .domain(let domain):
                key = domain.lowercased()
                guard visited.insert(key).inserted else { throw ResolveError(.loop, "resolution loops back to /ipns/\(domain): \(hops.joined(separator: " → "))") }
                guard let dnslink = configuration.dnslink else {
                    throw ResolveError(.unsupported, "'\(domain)' is a DNS name; DNSLink resolution is not configured (use --dns-server)")
                }
                let found: String?
                do { found = try await dnslink(domain) } catch let error as ResolveError { throw error } catch {
                    throw ResolveError(.sourceFailure, "DNSLink lookup for \(domain) failed: \(error)")
                }
                guard let found else { throw ResolveError(.notFound, "no DNSLink record for \(domain)") }
                target = found
                // DNSLink answers carry no record TTL here; do not cache past a minute.
                let dnsUntil = now.adding(nanoseconds: 60_000_000_000)
                until = until.map { min($0, dnsUntil) } ?? dnsUntil
            }
            guard target.hasPrefix("/ipns/") || target.hasPrefix("/ipfs/"), let next = try? IPNSPath(target) else {
                // Not a followable path (e.g. some other namespace): it is the final value.
                return (finish(target, last, hops, appending: path.remainder), until)
            }
            path = IPNSPath(root: next.root, remainder: next.remainder + path.remainder)
        }
        throw ResolveError(.depthExceeded, "more than \(configuration.maxDepth) hops: \(hops.prefix(4).joined(separator: " → ")) …")
    }

    private func finish(_ value: String, _ last: (name: Name, record: Record, source: String)?, _ hops: [String], appending rest: [String] = []) -> Resolution {
        let full = rest.isEmpty ? value : value + "/" + rest.joined(separator: "/")
        return Resolution(value: full, name: last?.name, sequence: last?.record.sequence, validity: last?.record.validity,
                          ttl: last?.record.ttl, source: last?.source, hops: hops)
    }

    private func base64(_ bytes: [UInt8]) -> String {
        Multibase.base64.encodeBare(bytes)
    }

    private func bestRecord(_ name: Name, now: Timestamp) async throws(ResolveError) -> (record: Record, source: String) {
        let highest: UInt64?
        do { highest = try configuration.store?.highestSeen(name) } catch {
            throw ResolveError(.storeFailure, error.reason)
        }
        let sources = configuration.sources
        let gathered: [(String, Result<[Record], any Error>)] = await withTaskGroup(of: (String, Result<[Record], any Error>).self) { group in
            for source in sources {
                group.addTask {
                    do { return (source.label, .success(try await source.candidates(for: name))) } catch { return (source.label, .failure(error)) }
                }
            }
            var all: [(String, Result<[Record], any Error>)] = []
            for await item in group { all.append(item) }
            return all
        }
        var valid: [(Record, String)] = []
        var failures: [RecordError] = []
        var sourceErrors: [String] = []
        let context = ValidationContext(name: name, now: now, highestSeenSequence: highest)
        for (label, result) in gathered {
            switch result {
            case .failure(let error): sourceErrors.append("\(label): \(error)")
            case .success(let records):
                for record in records {
                    do {
                        try validator.validate(record, in: context)
                        valid.append((record, label))
                    } catch {
                        failures.append(error)
                    }
                }
            }
        }
        guard let best = valid.max(by: { RecordSelection.isPreferred($1.0, over: $0.0) }) else {
            if let expired = failures.first(where: { $0.code == .expired }) {
                throw ResolveError(.expired, "the record for \(name) \(expired.reason)", recordError: expired)
            }
            if let failure = failures.first {
                throw ResolveError(.validationFailed, "no valid record for \(name): \(failure.reason)", recordError: failure)
            }
            if !sourceErrors.isEmpty {
                throw ResolveError(.sourceFailure, "no record for \(name); sources failed: \(sourceErrors.joined(separator: "; "))")
            }
            throw ResolveError(.notFound, "no record found for \(name)")
        }
        if let store = configuration.store, best.1 != "local" {
            do { try store.put(best.0, for: name, source: best.1) } catch where error.code == .staleRecord {
                // The store already holds something better: it was just not among the candidates.
            } catch {
                throw ResolveError(.storeFailure, error.reason)
            }
        }
        return best
    }
}
