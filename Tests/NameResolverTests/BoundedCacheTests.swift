import Foundation
import NameKeys
import NameRecord
import NameStore
import Testing
@testable import NameResolver

/// Caches hold at most their configured bytes, whatever a client asks for.
struct BoundedCacheTests {
    @Test func aMapNeverHoldsMoreThanItsLimitAndEvictsOldestFirst() {
        var map = ByteBoundedMap<Int, String>(limit: 1000)
        for i in 0..<500 { map.insert(i, "v\(i)", cost: 30) }
        #expect(map.bytes <= 1000)
        #expect(map.count == 33)
        #expect(map[499] == "v499")
        #expect(map[0] == nil, "the oldest entries went first")
        map.insert(7, "too big", cost: 5000)
        #expect(map[7] == nil, "an entry larger than the whole limit is not kept")
        map.insert(498, "replaced", cost: 900)
        #expect(map.bytes <= 1000)
        #expect(map[498] == "replaced")
    }

    @Test func manyDistinctLongPathsDoNotGrowTheResolverCachesPastTheirBound() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("namectl-bound-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try NameStore(path: dir.appendingPathComponent("db.sqlite").path)
        let key = try PrivateKey(seed: [UInt8](repeating: 42, count: 32))
        _ = try NamePublisher(store: store).publish(key: key, value: "/ipfs/bafkqaddwgevxmmraojswg33smq")
        var config = ResolverConfiguration(store: store)
        config.resolutionCacheBytes = 1 << 20
        config.recordCacheBytes = 64 << 10
        let resolver = NameResolver(config)
        let segment = String(repeating: "p", count: 8 << 10)
        for i in 0..<2000 {
            let r = try await resolver.resolve("\(key.name.path)/\(i)/\(segment)")
            #expect(r.value.hasSuffix(segment))
        }
        #expect(resolver.cachedBytes <= (1 << 20) + (64 << 10), "caches hold \(resolver.cachedBytes) bytes")
        #expect(resolver.cachedBytes > 0)
    }
}
