import Multiformats
import NameKeys
import NameRecord
import NameStore
import PrivateNames

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
    /// Failure tracking and backoff per source (exported by the daemon as metrics).
    public let health = SourceHealth()
    private let pathCache = ResolutionCache()
    private let recordCache = RecordCache()
    private let validator = RecordValidator.standard

    /// Makes a resolver.
    public init(_ configuration: ResolverConfiguration) {
        self.configuration = configuration
    }

    /// Drops every cached resolution and record.
    public func clearCache() {
        pathCache.removeAll()
        recordCache.removeAll()
    }

    /// Resolves a name, `/ipns/…` path, `/ipfs/…` path or private address (`ipnspriv1…[/path]`).
    /// - Throws: `ResolveError` (`notFound`, `expired` naming the EOL, `validationFailed`, `loop`, `depthExceeded`, …).
    public func resolve(_ text: String, options: ResolveOptions = ResolveOptions()) async throws(ResolveError) -> Resolution {
        if PrivateAddress.looksLikeAddress(text) { return try await resolve(private: text, options: options) }
        let now = Timestamp.now()
        let cacheable = configuration.useCache && !options.noCache && options.sources == nil && !options.offline && options.quorum <= 1
        if cacheable, let hit = pathCache.lookup(text, now: now) { return hit }
        let (resolution, until) = try await resolve(try IPNSPath(text), options: options, now: now)
        if cacheable, let until { pathCache.store(text, resolution, until: until) }
        return resolution
    }

    /// The best valid record for `name` from the sources (or the cache), with its source label.
    public func record(for name: Name, options: ResolveOptions = ResolveOptions()) async throws(ResolveError) -> ResolvedRecord {
        try await bestRecord(name, options: options, now: .now())
    }

    /// Yields each strictly better valid record for `name` as sources answer (like Kubo's
    /// `ipfs name resolve --stream`), ending when every source is done or the deadline passes.
    /// The stream finishes with an error when no valid record arrives at all.
    public func stream(_ name: Name, options: ResolveOptions = ResolveOptions()) -> AsyncThrowingStream<ResolvedRecord, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                let now = Timestamp.now()
                do {
                    let context = try self.context(for: name, now: now)
                    var race = self.race(options)
                    race = SourceRace(sources: race.sources, perSourceTimeout: race.perSourceTimeout, grace: race.deadline,
                                      deadline: race.deadline, quorum: Int.max, health: race.health, validator: race.validator)
                    let outcome = await race.run(name: name, context: context) { record, source in
                        continuation.yield(ResolvedRecord(name: name, record: record, source: source))
                    }
                    if let best = outcome.best {
                        self.remember(name, best.record, best.source, now: now)
                        continuation.finish()
                    } else {
                        continuation.finish(throwing: self.failure(name, outcome))
                    }
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private func resolve(_ start: IPNSPath, options: ResolveOptions, now: Timestamp) async throws(ResolveError) -> (Resolution, Timestamp?) {
        var path = start
        var visited = Set<String>()
        var hops: [String] = []
        var last: ResolvedRecord?
        var until: Timestamp?
        var dnssec: String?
        let maxDepth = options.maxDepth ?? configuration.maxDepth
        for _ in 0...maxDepth {
            hops.append(path.description)
            let target: String
            switch path.root {
            case .cid:
                return (finish(path.description, last, hops, dnssec: dnssec), until)
            case .name(let name):
                guard visited.insert(name.description).inserted else {
                    throw ResolveError(.loop, "resolution loops back to /ipns/\(name): \(hops.joined(separator: " → "))")
                }
                let found = try await bestRecord(name, options: options, now: now)
                last = found
                let record = found.record
                let recordUntil = min(now.adding(nanoseconds: record.ttl ?? 0), record.validity ?? now)
                until = until.map { min($0, recordUntil) } ?? recordUntil
                guard let value = record.value, let text = String(validating: value, as: UTF8.self) else {
                    return (finish("m" + Multibase.base64.encodeBare(record.value ?? []), last, hops, appending: path.remainder, dnssec: dnssec), until)
                }
                target = text
            case .domain(let domain):
                guard visited.insert(domain.lowercased()).inserted else {
                    throw ResolveError(.loop, "resolution loops back to /ipns/\(domain): \(hops.joined(separator: " → "))")
                }
                guard let dns = configuration.dns, !options.offline else {
                    throw ResolveError(.unsupported, "'\(domain)' is a DNS name; DNSLink resolution is not configured (use --dns-server)")
                }
                guard let found = try await dns.dnslink(domain) else { throw ResolveError(.notFound, "no DNSLink record for \(domain)") }
                dnssec = found.dnssec ?? dnssec
                target = found.path
                // DNSLink answers carry no record TTL here; do not cache past a minute.
                let dnsUntil = now.adding(nanoseconds: 60_000_000_000)
                until = until.map { min($0, dnsUntil) } ?? dnsUntil
            }
            guard target.hasPrefix("/ipns/") || target.hasPrefix("/ipfs/"), let next = try? IPNSPath(target) else {
                // Not a followable path (e.g. some other namespace): it is the final value.
                return (finish(target, last, hops, appending: path.remainder, dnssec: dnssec), until)
            }
            path = IPNSPath(root: next.root, remainder: next.remainder + path.remainder)
        }
        throw ResolveError(.depthExceeded, "more than \(maxDepth) hops: \(hops.prefix(4).joined(separator: " → ")) …")
    }

    private func finish(_ value: String, _ last: ResolvedRecord?, _ hops: [String], appending rest: [String] = [], dnssec: String?) -> Resolution {
        let full = rest.isEmpty ? value : value + "/" + rest.joined(separator: "/")
        return Resolution(value: full, name: last?.name, sequence: last?.record.sequence, validity: last?.record.validity,
                          ttl: last?.record.ttl, source: last?.source, hops: hops, dnssec: dnssec)
    }

    private func context(for name: Name, now: Timestamp) throws(ResolveError) -> ValidationContext {
        do {
            return ValidationContext(name: name, now: now, highestSeenSequence: try configuration.store?.highestSeen(name))
        } catch {
            throw ResolveError(.storeFailure, error.reason)
        }
    }

    private func race(_ options: ResolveOptions) -> SourceRace {
        let monotonic = MonotonicClock.now()
        let selected = configuration.sources.filter { source in
            if options.offline { return source.label == "local" }
            if let only = options.sources, !only.contains(source.label) { return false }
            return source.label == "local" || health.isAvailable(source.label, now: monotonic)
        }
        return SourceRace(sources: selected, perSourceTimeout: configuration.perSourceTimeout, grace: configuration.graceWindow,
                          deadline: options.timeout ?? configuration.timeout, quorum: max(1, options.quorum),
                          health: health, validator: validator)
    }

    private func bestRecord(_ name: Name, options: ResolveOptions, now: Timestamp) async throws(ResolveError) -> ResolvedRecord {
        if configuration.useCache && !options.noCache && options.quorum <= 1 {
            switch recordCache.lookup(name, now: now) {
            case .fresh(let e):
                return ResolvedRecord(name: name, record: e.record, source: e.source, cached: true)
            case .stale(let e, let shouldRefresh):
                if configuration.staleWhileRevalidate {
                    if shouldRefresh {
                        Task { [self] in
                            if (try? await self.fetch(name, options: options, now: .now())) == nil { self.recordCache.refreshFailed(name) }
                        }
                    }
                    return ResolvedRecord(name: name, record: e.record, source: e.source, cached: true)
                }
            case .miss:
                break
            }
        }
        return try await fetch(name, options: options, now: now)
    }

    private func fetch(_ name: Name, options: ResolveOptions, now: Timestamp) async throws(ResolveError) -> ResolvedRecord {
        let context = try context(for: name, now: now)
        let outcome = await race(options).run(name: name, context: context) { _, _ in }
        guard let best = outcome.best, outcome.agreeing >= max(1, options.quorum) else {
            throw failure(name, outcome, quorum: options.quorum)
        }
        remember(name, best.record, best.source, now: now)
        return ResolvedRecord(name: name, record: best.record, source: best.source)
    }

    private func remember(_ name: Name, _ record: Record, _ source: String, now: Timestamp) {
        if let store = configuration.store, source != "local" {
            // The store refuses (stale) what it already beats; that is fine here.
            try? store.put(record, for: name, source: source)
        }
        if configuration.useCache { recordCache.store(name, record: record, source: source, now: now) }
    }

    private func failure(_ name: Name, _ outcome: RaceOutcome, quorum: Int = 1) -> ResolveError {
        if outcome.best != nil {
            return ResolveError(.notFound, "only \(outcome.agreeing) source(s) agreed on the record for \(name); quorum is \(quorum)")
        }
        if let expired = outcome.invalid.first(where: { $0.error.code == .expired }) {
            return ResolveError(.expired, "the record for \(name) from \(expired.source) \(expired.error.reason)", recordError: expired.error)
        }
        if let bad = outcome.invalid.first {
            return ResolveError(.validationFailed, "no valid record for \(name): \(bad.source): \(bad.error.reason)", recordError: bad.error)
        }
        if !outcome.failed.isEmpty {
            return ResolveError(.sourceFailure, "no record for \(name); \(outcome.failed.map { "\($0.source): \($0.reason)" }.joined(separator: "; "))")
        }
        return ResolveError(.notFound, "no record found for \(name)")
    }
}
