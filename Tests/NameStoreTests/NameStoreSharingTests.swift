import Foundation
import NameKeys
import NameRecord
import Testing
@testable import NameStore

/// A command opens the store on one connection that writes nothing unless it stores something, and
/// sees what a pool (the daemon) wrote, and the other way round.
struct NameStoreSharingTests {
    let key = try! PrivateKey(seed: [UInt8](repeating: 4, count: 32))

    func record(_ seq: UInt64) -> VerifiedRecord {
        try! RecordValidator.standard.validate(NameRecord.Record.create(key: key, value: Array("/ipfs/bafkqaddwgevxmmraojswg33smq".utf8), sequence: seq,
                                                                        validity: Timestamp.now().adding(nanoseconds: 3_600_000_000_000), ttl: 1),
                                               for: key.name)
    }

    @Test func readingOnASingleConnectionLeavesTheFileUntouched() throws {
        let path = NameStoreTests.tempPath()
        do { try NameStore(path: path, sharing: .single).put(record(1), source: "test") }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        func walBytes() -> Int { (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0 }
        #expect(walBytes() == 0)
        for _ in 0..<3 {
            let store = try NameStore(path: path, sharing: .single)
            #expect(try store.record(for: key.name)?.record.sequence == 1)
            #expect(try store.lookup(key.name).highestSeen == 1)
            // A pool's open commits a WAL set-up transaction (GRDB) while the WAL is empty, later
            // checkpointed into the file with an fsync: the single connection writes nothing.
            #expect(walBytes() == 0)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func aNewFileIsCreatedInWALModeAndMigrated() throws {
        let path = NameStoreTests.tempPath()
        let store = try NameStore(path: path, sharing: .single)
        #expect(try store.put(record(2), source: "test") == .stored)
        #expect(try store.publish(name: key.name) { self.record($0) }.sequence == 3)
        // WAL is recorded in the header: bytes 18 and 19 are 2 for WAL (1 for a rollback journal).
        let header = try Data(contentsOf: URL(fileURLWithPath: path)).prefix(20)
        #expect(header.count == 20 && header[18] == 2 && header[19] == 2)
    }

    @Test func singleAndPoolSeeEachOthersWrites() throws {
        let path = NameStoreTests.tempPath()
        let pool = try NameStore(path: path, sharing: .pool)
        try pool.put(record(5), source: "daemon")
        let single = try NameStore(path: path, sharing: .single)
        #expect(try single.record(for: key.name)?.record.sequence == 5)
        #expect(throws: StoreError(.staleRecord, "")) { try single.put(record(4), source: "cli") }
        #expect(try single.publish(name: key.name) { self.record($0) }.sequence == 6)
        #expect(try pool.record(for: key.name)?.record.sequence == 6)
        #expect(try pool.highestSeen(key.name) == 6)
    }
}
