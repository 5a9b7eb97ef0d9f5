import Foundation
import NameKeys
import NameRecord
import NameStore
import Synchronization
import Testing
@testable import NameResolver

/// A controllable source: answers after `delay` seconds, counts calls, notes cancellation.
final class ScriptedSource: RecordSource {
    let identity: EndpointIdentity
    let delay: Double
    let records: [NameRecord.Record]
    let fails: Bool
    private let callCount = Atomic<Int>(0)
    private let wasCancelled = Atomic<Bool>(false)
    var calls: Int { callCount.load(ordering: .relaxed) }
    var cancelled: Bool { wasCancelled.load(ordering: .relaxed) }

    init(_ label: String, delay: Double, records: [NameRecord.Record] = [], fails: Bool = false) {
        self.identity = EndpointIdentity(kind: label, endpoint: "scripted")
        self.delay = delay
        self.records = records
        self.fails = fails
    }

    struct Failure: Error {}

    func candidates(for name: Name) async throws -> [[UInt8]] {
        callCount.add(1, ordering: .relaxed)
        do {
            try await Task.sleep(nanoseconds: UInt64(delay * 1e9))
        } catch {
            wasCancelled.store(true, ordering: .relaxed)
            throw error
        }
        if fails { throw Failure() }
        return records.map(\.bytes)
    }
}

struct RacingTests {
    let key = try! PrivateKey(seed: [UInt8](repeating: 77, count: 32))

    func record(_ seq: UInt64, ttl: UInt64 = 3_600_000_000_000) -> NameRecord.Record {
        try! NameRecord.Record.create(key: key, value: Array("/ipfs/seq\(seq)".utf8), sequence: seq,
                                 validity: Timestamp.now().adding(nanoseconds: 3_600_000_000_000), ttl: ttl)
    }

    func resolver(_ sources: [any RecordSource], grace: Double = 0.2, store: NameStore? = nil, cache: Bool = false,
                  perSource: Double = 10, timeout: Double = 20) -> NameResolver {
        var config = ResolverConfiguration(store: store, sources: sources)
        config.graceWindow = grace
        config.useCache = cache
        config.perSourceTimeout = perSource
        config.timeout = timeout
        return NameResolver(config)
    }

    func elapsed(_ body: () async throws -> Void) async rethrows -> Double {
        let start = Date()
        try await body()
        return Date().timeIntervalSince(start)
    }

    @Test func firstValidAnswerWinsWithoutWaitingForASlowSource() async throws {
        let slow = ScriptedSource("dht", delay: 30, records: [record(9)])
        let fast = ScriptedSource("dns", delay: 0.01, records: [record(1)])
        let r = resolver([slow, fast], grace: 0.1)
        var result: Resolution?
        let took = try await elapsed { result = try await r.resolve(key.name.description) }
        #expect(result?.sequence == 1)
        #expect(result?.source?.kind == "dns")
        #expect(took < 10, "answered after \(took) s; the slow source needs 30 s")
        #expect(slow.cancelled, "the slow source was not cancelled")
    }

    @Test func higherSequenceWithinTheGraceWindowWins() async throws {
        let first = ScriptedSource("dns", delay: 0.0, records: [record(1)])
        let better = ScriptedSource("dht", delay: 0.05, records: [record(2)])
        let result = try await resolver([first, better], grace: 1.0).resolve(key.name.description)
        #expect(result.sequence == 2)
        #expect(result.source?.kind == "dht")
    }

    @Test func higherSequenceAfterTheGraceWindowIsNotAwaited() async throws {
        let first = ScriptedSource("dns", delay: 0.0, records: [record(1)])
        let late = ScriptedSource("dht", delay: 20, records: [record(2)])
        let result = try await resolver([first, late], grace: 0.05).resolve(key.name.description)
        #expect(result.sequence == 1)
        #expect(late.cancelled)
    }

    @Test func recordBelowHighestSeenIsNeverReturned() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("namectl-race-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try NameStore(path: dir.appendingPathComponent("db.sqlite").path)
        try store.noteSeen(key.name, sequence: 5)
        let stale = ScriptedSource("dns", delay: 0, records: [record(3)])
        let error = await #expect(throws: ResolveError.self) { try await resolver([stale], store: store).resolve(key.name.description) }
        #expect(error?.recordError?.code == .rollback)
        let fresh = ScriptedSource("dht", delay: 0.02, records: [record(6)])
        let ok = try await resolver([stale, fresh], store: store).resolve(key.name.description)
        #expect(ok.sequence == 6)
        #expect(try store.highestSeen(key.name) == 6)
    }

    @Test func unresponsiveSourceTimesOutWithinItsBudget() async throws {
        let dead = ScriptedSource("dht", delay: 60)
        let r = resolver([dead], perSource: 0.2)
        var caught: ResolveError?
        let took = await elapsed {
            do { _ = try await r.resolve(key.name.description) } catch let e as ResolveError { caught = e } catch {}
        }
        #expect(caught?.code == .sourceFailure)
        #expect(caught?.reason.contains("no answer within") == true)
        #expect(took < 5)
        #expect(dead.cancelled)
    }

    @Test func failingSourcesAreBackedOff() async throws {
        let broken = ScriptedSource("dns", delay: 0, fails: true)
        let good = ScriptedSource("dht", delay: 0, records: [record(1)])
        let r = resolver([broken, good])
        _ = try await r.resolve(key.name.description)
        _ = try await r.resolve(key.name.description)
        #expect(broken.calls == 1)
        #expect(good.calls == 2)
        #expect(r.health.snapshot()[broken.identity]?.consecutiveFailures == 1)
    }

    @Test func quorumWaitsForAgreeingSources() async throws {
        let rec = record(4)
        let a = ScriptedSource("a", delay: 0, records: [rec])
        let b = ScriptedSource("b", delay: 0.05, records: [rec])
        let c = ScriptedSource("c", delay: 0.05, records: [record(3)])
        let r = resolver([a, b, c], grace: 0.01)
        let two = try await r.resolve(key.name.description, options: ResolveOptions(quorum: 2))
        #expect(two.sequence == 4)
        await #expect(throws: ResolveError(.notFound, "")) {
            try await r.resolve(key.name.description, options: ResolveOptions(quorum: 3))
        }
    }

    @Test func streamYieldsEachStrictlyBetterRecord() async throws {
        let s1 = ScriptedSource("a", delay: 0, records: [record(1)])
        let s2 = ScriptedSource("b", delay: 0.05, records: [record(3)])
        let s3 = ScriptedSource("c", delay: 0.1, records: [record(2)])
        var seen: [UInt64] = []
        for try await item in resolver([s1, s2, s3]).stream(key.name) { seen.append(item.record.sequence!) }
        #expect(seen == [1, 3])
    }

    @Test func staleWhileRevalidateRefreshesOncePerTTLWindow() async throws {
        // A 1 s TTL: long enough that a loaded machine does not make the second call stale too.
        let src = ScriptedSource("dht", delay: 0.05, records: [record(1, ttl: 1_000_000_000)])
        let r = resolver([src], cache: true)
        _ = try await r.record(for: key.name)
        #expect(src.calls == 1)
        // Fresh: no source call.
        _ = try await r.record(for: key.name)
        #expect(src.calls == 1)
        try await Task.sleep(nanoseconds: 1_200_000_000) // past the TTL, long before EOL
        let took = try await elapsed {
            try await withThrowingTaskGroup(of: UInt64?.self) { group in
                for _ in 0..<20 { group.addTask { try await r.record(for: key.name).record.sequence } }
                for try await seq in group { #expect(seq == 1) }
            }
        }
        #expect(took < 0.05 + 1, "stale answers must not wait for the refresh")
        // The refresh runs in the background: wait for it (bounded), then check no second one started.
        for _ in 0..<100 where src.calls < 2 { try await Task.sleep(nanoseconds: 50_000_000) }
        try await Task.sleep(nanoseconds: 200_000_000)
        #expect(src.calls == 2, "exactly one background refresh for 20 concurrent callers")
    }

    @Test func cacheIsNeverServedPastEOL() async throws {
        let eol = Timestamp.now().adding(nanoseconds: 300_000_000)
        let short = try! NameRecord.Record.create(key: key, value: Array("/ipfs/x".utf8), sequence: 1, validity: eol, ttl: 3_600_000_000_000)
        let src = ScriptedSource("dht", delay: 0, records: [short])
        let r = resolver([src], cache: true)
        _ = try await r.record(for: key.name)
        try await Task.sleep(nanoseconds: 400_000_000)
        await #expect(throws: ResolveError(.expired, "")) { try await r.record(for: key.name) }
    }
}

/// A source that streams records at given delays, then keeps looking (never finishes) until cancelled.
struct StreamingSource: RecordSource {
    let identity = EndpointIdentity(kind: "dht", endpoint: "streaming")
    let steps: [(Double, NameRecord.Record)]

    func candidates(for name: Name) async throws -> [[UInt8]] { steps.map(\.1.bytes) }

    func candidateStream(for name: Name) -> AsyncThrowingStream<[UInt8], any Error> {
        let steps = self.steps
        return AsyncThrowingStream { continuation in
            let task = Task {
                for (delay, record) in steps {
                    try? await Task.sleep(nanoseconds: UInt64(delay * 1e9))
                    continuation.yield(record.bytes)
                }
                try? await Task.sleep(nanoseconds: 60_000_000_000)
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

struct StreamingSourceTests {
    let key = try! PrivateKey(seed: [UInt8](repeating: 78, count: 32))

    func record(_ seq: UInt64) -> NameRecord.Record {
        try! NameRecord.Record.create(key: key, value: Array("/ipfs/seq\(seq)".utf8), sequence: seq,
                                      validity: Timestamp.now().adding(nanoseconds: 3_600_000_000_000), ttl: 1)
    }

    @Test func upgradeFromAStreamingSourceWithinGraceWinsAndTheLookupIsCutShort() async throws {
        var config = ResolverConfiguration(store: nil, sources: [StreamingSource(steps: [(0, record(1)), (0.05, record(2)), (5, record(9))])])
        config.graceWindow = 0.3
        config.useCache = false
        let resolver = NameResolver(config)
        let start = Date()
        let r = try await resolver.resolve(key.name.description)
        #expect(r.sequence == 2, "the upgrade inside the grace window wins; the one after it is not awaited")
        #expect(Date().timeIntervalSince(start) < 3)
        #expect(resolver.health.snapshot()[EndpointIdentity(kind: "dht", endpoint: "streaming")]?.consecutiveFailures ?? 0 == 0)
    }

    @Test func aSourceThatAnsweredThenTimedOutIsNotBackedOff() async throws {
        var config = ResolverConfiguration(store: nil, sources: [StreamingSource(steps: [(0, record(1))])])
        config.graceWindow = 10
        config.perSourceTimeout = 0.2
        config.useCache = false
        let resolver = NameResolver(config)
        #expect(try await resolver.resolve(key.name.description).sequence == 1)
        #expect(resolver.health.snapshot()[EndpointIdentity(kind: "dht", endpoint: "streaming")]?.consecutiveFailures == 0)
        #expect(resolver.health.snapshot()[EndpointIdentity(kind: "dht", endpoint: "streaming")]?.successes == 1)
    }
}
