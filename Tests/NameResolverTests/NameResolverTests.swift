import Foundation
import NameKeys
import NameRecord
import NameStore
import Testing
@testable import NameResolver

/// A source returning fixed candidates.
struct FixedSource: RecordSource {
    let identity: EndpointIdentity
    let records: [NameRecord.Record]
    init(label: String, records: [NameRecord.Record]) {
        identity = EndpointIdentity(kind: label, endpoint: "fixed")
        self.records = records
    }
    func candidates(for name: Name) async throws -> [[UInt8]] { records.map(\.bytes) }
}

struct NameResolverTests {
    static func store() throws -> NameStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("namectl-res-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return try NameStore(path: dir.appendingPathComponent("db.sqlite").path)
    }

    let a = try! PrivateKey(seed: [UInt8](repeating: 1, count: 32))
    let b = try! PrivateKey(seed: [UInt8](repeating: 2, count: 32))

    func publish(_ store: NameStore, _ key: PrivateKey, _ value: String) throws {
        _ = try NamePublisher(store: store).publish(key: key, value: value)
    }

    @Test func followsIPNSValuesAndAppendsTheRemainingPath() async throws {
        let store = try Self.store()
        try publish(store, b, "/ipfs/bafkqaddwgevxmmraojswg33smq/site")
        try publish(store, a, b.name.path + "/docs")
        let resolver = NameResolver(ResolverConfiguration(store: store))
        let r = try await resolver.resolve(a.name.path + "/index.html")
        #expect(r.value == "/ipfs/bafkqaddwgevxmmraojswg33smq/site/docs/index.html")
        #expect(r.name == b.name)
        #expect(r.hops.count == 3)
    }

    @Test func detectsLoops() async throws {
        let store = try Self.store()
        try publish(store, a, b.name.path)
        try publish(store, b, a.name.path)
        let resolver = NameResolver(ResolverConfiguration(store: store))
        await #expect(throws: ResolveError(.loop, "")) { try await resolver.resolve(a.name.description) }
    }

    @Test func enforcesTheDepthLimit() async throws {
        let store = try Self.store()
        let keys = (0..<5).map { i in try! PrivateKey(seed: [UInt8](repeating: UInt8(100 + i), count: 32)) }
        for i in 0..<4 { try publish(store, keys[i], keys[i + 1].name.path) }
        try publish(store, keys[4], "/ipfs/bafkqaddwgevxmmraojswg33smq")
        var config = ResolverConfiguration(store: store)
        config.maxDepth = 3
        await #expect(throws: ResolveError(.depthExceeded, "")) { try await NameResolver(config).resolve(keys[0].name.path) }
        config.maxDepth = 32
        #expect(try await NameResolver(config).resolve(keys[0].name.path).value == "/ipfs/bafkqaddwgevxmmraojswg33smq")
    }

    @Test func selectsTheBestValidCandidateAndIgnoresForgeries() async throws {
        let store = try Self.store()
        let good = try! NameRecord.Record.create(key: a, value: Array("/ipfs/good".utf8), sequence: 5,
                                            validity: Timestamp.now().adding(nanoseconds: 3_600_000_000_000), ttl: 1)
        // Signed by the wrong key, with a higher sequence: must never win.
        let forged = try! NameRecord.Record.create(key: b, value: Array("/ipfs/evil".utf8), sequence: 99,
                                              validity: Timestamp.now().adding(nanoseconds: 3_600_000_000_000), ttl: 1)
        var config = ResolverConfiguration(store: store, sources: [FixedSource(label: "dht", records: [forged, good])])
        config.useCache = false
        let r = try await NameResolver(config).resolve(a.name.description)
        #expect(r.value == "/ipfs/good")
        #expect(r.source?.kind == "dht")
        // The valid record was persisted with its source, and the highest-seen mark raised.
        #expect(try store.record(for: a.name)?.source == "dht fixed")
        #expect(try store.highestSeen(a.name) == 5)
    }

    @Test func refusesRollbackBelowHighestSeen() async throws {
        let store = try Self.store()
        try store.noteSeen(a.name, sequence: 10)
        let old = try! NameRecord.Record.create(key: a, value: Array("/ipfs/old".utf8), sequence: 3,
                                           validity: Timestamp.now().adding(nanoseconds: 3_600_000_000_000), ttl: 1)
        let config = ResolverConfiguration(store: store, sources: [FixedSource(label: "dns", records: [old])])
        let error = await #expect(throws: ResolveError.self) { try await NameResolver(config).resolve(a.name.description) }
        #expect(error?.code == .validationFailed)
        #expect(error?.recordError?.code == .rollback)
    }

    @Test func expiredRecordsAreAnErrorNamingTheTime() async throws {
        let store = try Self.store()
        let eol = Timestamp(seconds: Timestamp.now().seconds - 60)
        let old = try! NameRecord.Record.create(key: a, value: Array("/ipfs/x".utf8), sequence: 1, validity: eol, ttl: 1)
        let config = ResolverConfiguration(store: store, sources: [FixedSource(label: "local", records: [old])])
        let error = await #expect(throws: ResolveError.self) { try await NameResolver(config).resolve(a.name.description) }
        #expect(error?.code == .expired)
        #expect(error?.reason.contains(String(eol.rfc3339.prefix(19))) == true)
    }

    @Test func unknownNamesAreNotFound() async throws {
        let resolver = NameResolver(ResolverConfiguration(store: try Self.store()))
        await #expect(throws: ResolveError(.notFound, "")) { try await resolver.resolve(a.name.description) }
        await #expect(throws: ResolveError(.invalidPath, "")) { try await resolver.resolve("/ipns/not a name") }
        await #expect(throws: ResolveError(.unsupported, "")) { try await resolver.resolve("/ipns/example.com") }
    }

    @Test func publishValuesAreValidated() throws {
        #expect(try IPNSPath.publishValue("bafkqaddwgevxmmraojswg33smq") == "/ipfs/bafkqaddwgevxmmraojswg33smq")
        #expect(try IPNSPath.publishValue("/ipfs/QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8u/a") == "/ipfs/QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8u/a")
        #expect(throws: ResolveError(.invalidPath, "")) { try IPNSPath.publishValue("bafybroken") }
        #expect(throws: ResolveError(.invalidPath, "")) { try IPNSPath.publishValue("/ipfs/") }
        #expect(throws: ResolveError(.invalidPath, "")) { try IPNSPath.publishValue("/foo/bar") }
    }

    @Test func cachedResultsAreServedUntilTTL() async throws {
        let store = try Self.store()
        try publish(store, a, "/ipfs/bafkqaddwgevxmmraojswg33smq")
        let resolver = NameResolver(ResolverConfiguration(store: store))
        #expect(try await resolver.resolve(a.name.description).value == "/ipfs/bafkqaddwgevxmmraojswg33smq")
        try publish(store, a, "/ipfs/QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8u")
        // TTL is 1 h: the cached answer stands; a fresh resolver sees the new record.
        #expect(try await resolver.resolve(a.name.description).value == "/ipfs/bafkqaddwgevxmmraojswg33smq")
        #expect(try await NameResolver(ResolverConfiguration(store: store)).resolve(a.name.description).value
                == "/ipfs/QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8u")
    }
}
