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
/// One resolution has one deadline (`ResolveOptions.timeout`, else the configuration's): every
/// hop, race and DNS lookup runs within it. An unknown name answers `notFound` as soon as every
/// source has said so.
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
    /// Failure tracking and backoff per source endpoint (exported by the daemon as metrics).
    public let health = SourceHealth()
    private let pathCache: ResolutionCache
    private let recordCache: RecordCache
    private let verdicts: VerdictMemo
    let addresses: PrivateAddressMemo

    /// Makes a resolver.
    public init(_ configuration: ResolverConfiguration) {
        self.configuration = configuration
        pathCache = ResolutionCache(limit: configuration.resolutionCacheBytes)
        recordCache = RecordCache(limit: configuration.recordCacheBytes)
        verdicts = VerdictMemo(validator: .standard, limit: configuration.verdictMemoBytes)
        addresses = PrivateAddressMemo(limit: configuration.privateAddressMemoBytes)
    }

    /// Drops every cached resolution and record, remembered validation verdict and private address.
    public func clearCache() {
        pathCache.removeAll()
        recordCache.removeAll()
        verdicts.removeAll()
        addresses.removeAll()
    }

    /// Drops the cached record of `name` (after the local store got a newer one, e.g. a re-signed
    /// record), so the next lookup asks the sources instead of serving the old one for its TTL.
    public func invalidate(_ name: Name) {
        recordCache.remove(name)
    }

    /// How many validation verdicts are remembered (see `ResolverConfiguration.verdictMemoBytes`).
    var rememberedVerdicts: Int { verdicts.count }

    /// Bytes held by the in-memory caches (records and resolutions).
    public var cachedBytes: Int { pathCache.bytes + recordCache.bytes }

    /// Resolves a name, `/ipns/…` path, `/ipfs/…` path or private address (`ipnspriv1…[/path]`).
    /// - Throws: `ResolveError` (`notFound`, `expired` naming the EOL, `validationFailed`, `loop`,
    ///   `depthExceeded`, `deadlineExceeded`, …).
    public func resolve(_ text: String, options: ResolveOptions = ResolveOptions()) async throws(ResolveError) -> Resolution {
        if PrivateAddress.looksLikeAddress(text) { return try await resolve(private: text, options: options) }
        let now = Timestamp.now()
        let cacheable = configuration.useCache && !options.noCache && options.sources == nil && !options.offline && options.quorum <= 1
        // Cached under the canonical path and under the text as given, so a repeated request is
        // answered before any parsing (names' base36 decoding and encoding are the cost then).
        if cacheable, let hit = pathCache.lookup(text, now: now) { return hit }
        let path = try IPNSPath(text)
        let key = cacheable ? path.description : ""
        if cacheable, key != text, let hit = pathCache.lookup(key, now: now) { return hit }
        let run = Run(deadline: ResolutionDeadline(seconds: options.timeout ?? configuration.timeout),
                      budget: ByteBudget(configuration.maxCandidateBytes), options: options, now: now)
        let (resolution, until) = try await resolve(path, run)
        if cacheable, let until {
            pathCache.store(key, resolution, until: until)
            if key != text { pathCache.store(text, resolution, until: until) }
        }
        return resolution
    }

    /// The best valid record for `name` from the sources (or the cache), with its source.
    public func record(for name: Name, options: ResolveOptions = ResolveOptions()) async throws(ResolveError) -> ResolvedRecord {
        let run = Run(deadline: ResolutionDeadline(seconds: options.timeout ?? configuration.timeout),
                      budget: ByteBudget(configuration.maxCandidateBytes), options: options, now: .now())
        return try await bestRecord(name, run, carried: nil)
    }

    /// Yields each strictly better valid record for `name` as sources answer (like Kubo's
    /// `ipfs name resolve --stream`), ending when every source is done or the deadline passes.
    /// The stream finishes with an error when no valid record arrives at all.
    public func stream(_ name: Name, options: ResolveOptions = ResolveOptions()) -> AsyncThrowingStream<ResolvedRecord, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                let run = Run(deadline: ResolutionDeadline(seconds: options.timeout ?? self.configuration.timeout),
                              budget: ByteBudget(self.configuration.maxCandidateBytes), options: options, now: .now())
                do {
                    let context = try self.validationContext(for: name, now: run.now)
                    let race = self.race(run, sources: self.selectedSources(run, carried: nil), grace: run.deadline.allowance, quorum: Int.max)
                    let outcome = await race.run(name: name, context: context) { record, source in
                        continuation.yield(ResolvedRecord(verified: record, source: source))
                    }
                    if let best = outcome.best {
                        self.remember(best.record, best.source, now: run.now)
                        continuation.finish()
                    } else {
                        continuation.finish(throwing: self.failure(name, outcome, run))
                    }
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// What one resolution carries through all its hops.
    private struct Run: Sendable {
        let deadline: ResolutionDeadline
        let budget: ByteBudget
        let options: ResolveOptions
        let now: Timestamp
    }

    private func resolve(_ start: IPNSPath, _ run: Run) async throws(ResolveError) -> (Resolution, Timestamp?) {
        var path = start
        var visitedNames = Set<Name>()
        var visitedDomains = Set<String>()
        var hops: [String] = []
        var last: ResolvedRecord?
        var until: Timestamp?
        var dnssec: String?
        var carried: CarriedRecordsSource?
        let maxDepth = run.options.maxDepth ?? configuration.maxDepth
        for _ in 0...maxDepth {
            hops.append(path.description)
            let target: String
            switch path.root {
            case .cid:
                return (finish(path.description, last, hops, dnssec: dnssec), until)
            case .name(let name):
                guard visitedNames.insert(name).inserted else {
                    throw ResolveError(.loop, "resolution loops back to /ipns/\(name): \(hops.joined(separator: " → "))")
                }
                let found = try await bestRecord(name, run, carried: carried)
                carried = nil
                last = found
                let record = found.record
                let recordUntil = min(run.now.adding(nanoseconds: record.ttl ?? 0), record.validity ?? run.now)
                until = until.map { min($0, recordUntil) } ?? recordUntil
                guard let value = record.value, let text = String(validating: value, as: UTF8.self) else {
                    return (finish("m" + Multibase.base64.encodeBare(record.value ?? []), last, hops, appending: path.remainder, dnssec: dnssec), until)
                }
                target = text
            case .domain(let domain):
                guard visitedDomains.insert(domain.lowercased()).inserted else {
                    throw ResolveError(.loop, "resolution loops back to /ipns/\(domain): \(hops.joined(separator: " → "))")
                }
                guard let dns = configuration.dns, !run.options.offline else {
                    throw ResolveError(.unsupported, "'\(domain)' is a DNS name; DNSLink resolution is not configured (use --dns-server)")
                }
                let answer = try await run.deadline.run("looking up the DNSLink of \(domain)") { () throws(ResolveError) in
                    try await dns.lookup(domain)
                }
                guard let found = answer else { throw ResolveError(.notFound, "no DNSLink record for \(domain)") }
                dnssec = found.dnssec ?? dnssec
                target = found.path
                carried = found.records.isEmpty ? nil : CarriedRecordsSource(identity: found.server, records: found.records)
                // DNSLink answers carry no record TTL here; do not cache past a minute.
                let dnsUntil = run.now.adding(nanoseconds: 60_000_000_000)
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

    private func validationContext(for name: Name, now: Timestamp) throws(ResolveError) -> ValidationContext {
        do {
            return ValidationContext(name: name, now: now, highestSeenSequence: try configuration.store?.highestSeen(name))
        } catch {
            throw ResolveError(.storeFailure, error.reason)
        }
    }

    /// The sources a lookup asks: the configured ones the options allow and not in backoff (the
    /// local store always), plus the records a DNSLink answer carried.
    private func selectedSources(_ run: Run, carried: CarriedRecordsSource?) -> [any RecordSource] {
        let monotonic = MonotonicClock.now()
        var selected = configuration.sources.filter { source in
            let identity = source.identity
            if run.options.offline { return identity == .local }
            if let only = run.options.sources, !only.contains(identity.kind) { return false }
            return identity == .local || health.isAvailable(identity, now: monotonic)
        }
        if let carried, !run.options.offline, run.options.sources?.contains(carried.identity.kind) ?? true {
            selected.append(carried)
        }
        return selected
    }

    private func race(_ run: Run, sources: [any RecordSource], grace: Double? = nil, quorum: Int? = nil) -> SourceRace {
        SourceRace(sources: sources, perSourceTimeout: configuration.perSourceTimeout, grace: grace ?? configuration.graceWindow,
                   deadline: run.deadline, quorum: quorum ?? max(1, run.options.quorum),
                   health: health, verdicts: verdicts, budget: run.budget)
    }

    private func bestRecord(_ name: Name, _ run: Run, carried: CarriedRecordsSource?) async throws(ResolveError) -> ResolvedRecord {
        if configuration.useCache && !run.options.noCache && run.options.quorum <= 1 && carried == nil {
            switch recordCache.lookup(name, now: run.now) {
            case .fresh(let e):
                return ResolvedRecord(verified: e.record, source: e.source, cached: true)
            case .stale(let e, let shouldRefresh):
                if configuration.staleWhileRevalidate {
                    if shouldRefresh {
                        let refresh = Run(deadline: ResolutionDeadline(seconds: run.deadline.allowance), budget: ByteBudget(configuration.maxCandidateBytes),
                                          options: run.options, now: .now())
                        Task { [self] in
                            if (try? await self.fetch(name, refresh, carried: nil)) == nil { self.recordCache.refreshFailed(name) }
                        }
                    }
                    return ResolvedRecord(verified: e.record, source: e.source, cached: true)
                }
            case .miss:
                break
            }
        }
        return try await fetch(name, run, carried: carried)
    }

    private func fetch(_ name: Name, _ run: Run, carried: CarriedRecordsSource?) async throws(ResolveError) -> ResolvedRecord {
        let sources = selectedSources(run, carried: carried)
        let outcome: RaceOutcome
        if sources.count == 1, let local = sources[0] as? LocalStoreSource, let store = configuration.store, local.store === store {
            outcome = try readLocal(name, from: store, run)
        } else {
            let context = try validationContext(for: name, now: run.now)
            outcome = await race(run, sources: sources).run(name: name, context: context) { _, _ in }
        }
        guard let best = outcome.best, outcome.agreeing >= max(1, run.options.quorum) else {
            throw failure(name, outcome, run)
        }
        remember(best.record, best.source, now: run.now)
        return ResolvedRecord(verified: best.record, source: best.source)
    }

    /// What a race over the local store alone would find, without the race (no tasks, timers or
    /// stream around one synchronous answer): one read of the record's bytes and the highest
    /// sequence seen, validated through the verdict memo.
    private func readLocal(_ name: Name, from store: NameStore, _ run: Run) throws(ResolveError) -> RaceOutcome {
        var outcome = RaceOutcome()
        guard !run.deadline.hasPassed else {
            outcome.deadlineReached = true
            return outcome
        }
        let found: RecordLookup
        do { found = try store.lookup(name) } catch { throw ResolveError(.storeFailure, error.reason) }
        health.succeeded(.local)
        guard let bytes = found.bytes else { return outcome }
        guard run.budget.take(bytes.count) else {
            outcome.failed.append((.local, SourceRace.budgetSpent(bytes.count)))
            return outcome
        }
        do throws(RecordError) {
            let context = ValidationContext(name: name, now: run.now, highestSeenSequence: found.highestSeen)
            outcome.best = (try verdicts.validate(bytes: bytes, in: context), .local)
            outcome.agreeing = 1
        } catch {
            outcome.invalid.append((.local, error))
        }
        return outcome
    }

    private func remember(_ record: VerifiedRecord, _ source: EndpointIdentity, now: Timestamp) {
        if let store = configuration.store, source != .local {
            // The store refuses (stale) what it already beats; that is fine here.
            _ = try? store.put(record, source: source.description)
        }
        if configuration.useCache { recordCache.store(record, source: source, now: now) }
    }

    private func failure(_ name: Name, _ outcome: RaceOutcome, _ run: Run) -> ResolveError {
        let quorum = run.options.quorum
        if outcome.best != nil {
            return ResolveError(.notFound, "only \(outcome.agreeing) source(s) agreed on the record for \(name); quorum is \(quorum)")
        }
        if let expired = outcome.invalid.first(where: { $0.error.code == .expired }) {
            return ResolveError(.expired, "the record for \(name) from \(expired.source) \(expired.error.reason)", recordError: expired.error)
        }
        if let bad = outcome.invalid.first {
            return ResolveError(.validationFailed, "no valid record for \(name): \(bad.source): \(bad.error.reason)", recordError: bad.error)
        }
        let failures = outcome.failed.map { "\($0.source): \($0.reason)" }.joined(separator: "; ")
        // A source whose own timeout was clamped to the deadline fails at the deadline itself: that
        // is the deadline, whichever of the two timers fired first.
        if outcome.deadlineReached || run.deadline.hasPassed {
            return ResolveError(.deadlineExceeded, "resolution deadline of \(ResolutionDeadline.format(run.deadline.allowance)) reached resolving \(name)"
                                + (failures.isEmpty ? "" : "; \(failures)"))
        }
        if !outcome.failed.isEmpty {
            return ResolveError(.sourceFailure, "no record for \(name); \(failures)")
        }
        return ResolveError(.notFound, "no record found for \(name)")
    }
}
