import Foundation
import Logging
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NameKeys
import NameRecord
import NameResolver
import NameStore
import Synchronization
import Testing
@testable import NameDaemon

@Suite(.serialized)
struct DaemonTests {
    let key = try! PrivateKey(seed: [UInt8](repeating: 31, count: 32))

    func record(_ seq: UInt64, value: String = "/ipfs/bafkqaddwgevxmmraojswg33smq") -> Record {
        try! Record.create(key: key, value: Array(value.utf8), sequence: seq, validity: Timestamp.now().adding(nanoseconds: 7_200_000_000_000),
                      ttl: 3_600_000_000_000)
    }

    var path: String { "/routing/v1/ipns/\(key.name)" }

    @Test func putThenGetReturnsTheSameBytesWithCacheControl() async throws {
        let d = try await RunningDaemon.start()
        defer { d.stop() }
        let r = record(3)
        let (put, _, _) = try await d.request("PUT", path, body: r.bytes)
        #expect(put == 200)
        let (status, body, headers) = try await d.request("GET", path)
        #expect(status == 200)
        #expect(body == r.bytes)
        #expect(headers["content-type"] == RecordEndpoints.recordMediaType)
        #expect(headers["cache-control"] == "public, max-age=3600")
        #expect(try d.store.record(for: key.name)?.source == "http")
    }

    @Test func rollbackInvalidMalformedUnknownAndOversizedAreRefused() async throws {
        let d = try await RunningDaemon.start()
        defer { d.stop() }
        #expect(try await d.request("PUT", path, body: record(5).bytes).0 == 200)
        #expect(try await d.request("PUT", path, body: record(4).bytes).0 == 409)
        var tampered = record(6).entry
        tampered.signatureV2![3] ^= 0x40
        let (bad, badBody, _) = try await d.request("PUT", path, body: tampered.bytes)
        #expect(bad == 400)
        #expect(String(decoding: badBody, as: UTF8.self).contains("signature_v2_invalid"))
        let other = try PrivateKey(seed: [UInt8](repeating: 32, count: 32))
        #expect(try await d.request("PUT", "/routing/v1/ipns/\(other.name)", body: record(7).bytes).0 == 400)
        #expect(try await d.request("GET", "/routing/v1/ipns/not-a-name").0 == 400)
        #expect(try await d.request("PUT", "/routing/v1/ipns/not-a-name", body: record(8).bytes).0 == 400)
        #expect(try await d.request("GET", "/routing/v1/ipns/\(other.name)").0 == 404)
        #expect(try await d.request("PUT", path, body: [UInt8](repeating: 0, count: 10 * 1024 + 1)).0 == 413)
        // Nothing refused changed what is served.
        let served = try await d.request("GET", path).1
        #expect(try Record(bytes: served).sequence == 5)
    }

    @Test func concurrentPutsEndWithTheHighestSequence() async throws {
        let d = try await RunningDaemon.start()
        defer { d.stop() }
        let records = (1...20).map { record(UInt64($0)) }.shuffled()
        try await withThrowingTaskGroup(of: Int.self) { group in
            for r in records { group.addTask { try await d.request("PUT", path, body: r.bytes).0 } }
            for try await status in group { #expect(status == 200 || status == 409) }
        }
        #expect(try d.store.record(for: key.name)?.record.sequence == 20)
        let (_, body, _) = try await d.request("GET", path)
        #expect(try Record(bytes: body).sequence == 20)
    }

    @Test func jsonResolutionHealthAndMetrics() async throws {
        let d = try await RunningDaemon.start()
        defer { d.stop() }
        #expect(try await d.request("PUT", path, body: record(1).bytes).0 == 200)
        let (status, body, _) = try await d.request("GET", "/ipns/\(key.name)/a/b", accept: "application/json")
        #expect(status == 200)
        let json = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        #expect(json?["value"] as? String == "/ipfs/bafkqaddwgevxmmraojswg33smq/a/b")
        #expect(json?["sequence"] as? Int == 1)
        #expect(try await d.request("GET", "/ipns/nonsense", accept: nil).0 == 400)
        #expect(try await d.request("GET", "/healthz", accept: nil).0 == 200)
        _ = try await d.request("GET", path)
        let metrics = String(decoding: try await d.request("GET", "/metrics", accept: nil).1, as: UTF8.self)
        #expect(metrics.contains("namectl_records_put_total{outcome=\"stored\"} 1"))
        #expect(metrics.contains("namectl_resolutions_total"))
        #expect(metrics.contains("namectl_publish_duration_seconds"))
    }

    @Test func aResolutionPastItsDeadlineIsAGatewayTimeout() async throws {
        let d = try await RunningDaemon.start(extraSources: [StallingSource()], resolverTimeout: 0.5)
        defer { d.stop() }
        let started = ContinuousClock.now
        let (status, body, _) = try await d.request("GET", path)
        #expect(status == 504)
        #expect(String(decoding: body, as: UTF8.self).contains("deadline_exceeded"))
        #expect(ContinuousClock.now - started < .seconds(8), "the 0.5 s deadline bounds the request, not the stalled source")
    }

    /// A source that never answers (a server that accepted the connection and went silent).
    struct StallingSource: RecordSource {
        var identity: EndpointIdentity { EndpointIdentity(kind: "http", endpoint: "http://stalled.invalid") }
        func candidates(for name: Name) async throws -> [[UInt8]] {
            try await Task.sleep(for: .seconds(60))
            return []
        }
    }

    struct BrokenSource: RecordSource {
        struct Down: Error {}
        var identity: EndpointIdentity { EndpointIdentity(kind: "http", endpoint: "http://broken.invalid") }
        func candidates(for name: Name) async throws -> [[UInt8]] { throw Down() }
    }

    @Test func failingSourcesShowUpAsBackedOffInMetrics() async throws {
        let d = try await RunningDaemon.start(extraSources: [BrokenSource()])
        defer { d.stop() }
        #expect(try await d.request("GET", path).0 == 502)
        let metrics = String(decoding: try await d.request("GET", "/metrics", accept: nil).1, as: UTF8.self)
        #expect(metrics.contains("namectl_source_backed_off{source=\"http\"} 1"))
        #expect(metrics.contains("namectl_source_consecutive_failures{source=\"http\"} 1"))
    }

    @Test func republisherResignsOwnedNamesAtTheNextSequenceWithTheSameValue() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("namectl-rep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try NameStore(path: dir.appendingPathComponent("db.sqlite").path)
        // A record signed long ago: 10 minutes of lifetime left.
        let old = try! Record.create(key: key, value: Array("/ipfs/x".utf8), sequence: 4, validity: Timestamp.now().adding(nanoseconds: 600_000_000_000), ttl: 1)
        try store.put(RecordValidator.standard.validate(old, for: key.name), source: "local")
        let foreignKey = try PrivateKey(seed: [UInt8](repeating: 33, count: 32))
        let foreign = try! Record.create(key: foreignKey, value: Array("/ipfs/y".utf8), sequence: 1, validity: Timestamp.now().adding(nanoseconds: 3_600_000_000_000), ttl: 1)
        try store.put(RecordValidator.standard.validate(foreign, for: foreignKey.name), source: "http")
        let rebroadcast = Mutex<[String]>([])
        let key = self.key
        let rep = Republisher(store: store, keys: { [key] }, interval: 3600, lifetime: 48 * 3_600_000_000_000, ttl: 1,
                              rebroadcast: { name, _ in rebroadcast.withLock { $0.append(name.description) } }, logger: .init(label: "t"))
        let resigned = await rep.runOnce(now: .now())
        #expect(resigned == [key.name])
        let now = try #require(try store.record(for: key.name)?.record)
        #expect(now.sequence == 5, "a BEP 44 node replaces an item only for a higher sequence")
        #expect(now.value == Array("/ipfs/x".utf8))
        #expect(now.validity! > old.validity!)
        #expect(Set(rebroadcast.withLock { $0 }) == [key.name.description, foreignKey.name.description])
        // A second pass right away has nothing to re-sign.
        #expect(await rep.runOnce(now: .now()).isEmpty)
    }

    @Test func configFileParsesAndRejectsTyposAndOutOfRangeTimes() throws {
        let c = try DaemonConfiguration.load(yaml: "listen: 127.0.0.1:9999\nrepublish-interval: 30m\nlifetime: 24h\nttl: 5m\nrepublish: false\n")
        #expect(c.port == 9999)
        #expect(c.republishInterval == 1800)
        #expect(c.lifetime == 24 * 3_600_000_000_000)
        #expect(c.ttl == 300_000_000_000)
        #expect(!c.republish)
        #expect(throws: DaemonConfiguration.Invalid.self) { try DaemonConfiguration.load(yaml: "listne: 1.2.3.4:5") }
        #expect(throws: DaemonConfiguration.Invalid.self) { try DaemonConfiguration.load(yaml: "ttl: soon") }
        #expect(throws: DaemonConfiguration.Invalid.self) { try DaemonConfiguration.load(yaml: "listen: nohost") }
        let limits = try DaemonConfiguration.load(yaml: "idle-timeout: 2s\nread-timeout: 5\nmax-connections: 64\nput-rate: 2.5\nput-burst: 4\nmax-names: 10\ncache-size: 1MiB\nrepublish-interval: 90\nresolve-timeout: 1m30s\n")
        #expect(limits.idleTimeout == 2)
        #expect(limits.readTimeout == 5)
        #expect(limits.maxConnections == 64)
        #expect(limits.putRate == 2.5)
        #expect(limits.putBurst == 4)
        #expect(limits.maxNames == 10)
        #expect(limits.cacheBytes == 1 << 20)
        #expect(limits.republishInterval == 90)
        #expect(limits.resolveTimeout == 90)
        #expect(c.dhtKeepalive == 2700, "45 minutes by default")
        #expect(try DaemonConfiguration.load(yaml: "dht-keepalive: 10m").dhtKeepalive == 600)
        #expect(try DaemonConfiguration.load(yaml: "dht-keepalive: 1.5s").dhtKeepalive == 1.5)
        #expect(try DaemonConfiguration.load(yaml: "dht-keepalive: 90").dhtKeepalive == 90, "a plain number is seconds")
        for bad in ["republish-interval: 0", "republish-interval: 1e11", "republish-interval: .inf", "republish-interval: 2628000h",
                    "republish-interval: 72h", "idle-timeout: 0", "idle-timeout: -1", "idle-timeout: .nan", "read-timeout: 100000h",
                    "lifetime: 0s", "lifetime: 1e300", "ttl: -5", "max-connections: 0", "put-rate: .inf", "cache-size: 1KiB",
                    "cache-size: 99999999999GiB", "threads: 0", "republish: maybe", "ttl: [1, 2]",
                    "resolve-timeout: 0", "resolve-timeout: 2h", "resolve-timeout: .inf", "dht-keepalive: 0",
                    "dht-keepalive: 2h", "dht-keepalive: .inf", "dht-keepalive: 1e11", "dht-keepalive: -1m", "dht-keepalive: often"] {
            #expect(throws: DaemonConfiguration.Invalid.self, "\(bad)") { try DaemonConfiguration.load(yaml: bad) }
        }
    }
}
