import Foundation
import NameKeys
import NameRecord
import Testing
@testable import NameStore

struct NameStoreTests {
    static func tempPath() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("namectl-store-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("namectl.sqlite").path
    }

    let key = try! PrivateKey(seed: [UInt8](repeating: 9, count: 32))

    func record(_ seq: UInt64, value: String = "/ipfs/bafkqaddwgevxmmraojswg33smq") -> VerifiedRecord {
        try! RecordValidator.standard.validate(NameRecord.Record.create(key: key, value: Array(value.utf8), sequence: seq,
                                                                        validity: Timestamp.now().adding(nanoseconds: 3_600_000_000_000), ttl: 1),
                                               for: key.name)
    }

    @Test func keepsTheBestRecordAndRefusesOlderOnes() throws {
        let store = try NameStore(path: Self.tempPath())
        #expect(try store.put(record(2), source: "test") == .stored)
        #expect(throws: StoreError(.staleRecord, "")) { try store.put(record(1), source: "test") }
        #expect(try store.put(record(3), source: "test") == .stored)
        #expect(try store.record(for: key.name)?.record.sequence == 3)
        #expect(try store.highestSeen(key.name) == 3)
    }

    @Test func highestSeenSurvivesForgettingTheRecordAndReopening() throws {
        let path = Self.tempPath()
        do {
            let store = try NameStore(path: path)
            try store.put(record(5), source: "test")
            try store.forget(key.name)
            #expect(try store.record(for: key.name) == nil)
        }
        let reopened = try NameStore(path: path)
        #expect(try reopened.highestSeen(key.name) == 5)
        #expect(throws: StoreError(.staleRecord, "")) { try reopened.put(record(4), source: "test") }
        // Publishing continues above the mark.
        let next = try reopened.publish(name: key.name) { self.record($0) }
        #expect(next.sequence == 6)
    }

    @Test func sequencesAboveInt64AreOrderedCorrectly() throws {
        let store = try NameStore(path: Self.tempPath())
        try store.put(record(UInt64(Int64.max) + 10), source: "t")
        #expect(try store.highestSeen(key.name) == UInt64(Int64.max) + 10)
        #expect(throws: StoreError(.staleRecord, "")) { try store.put(record(UInt64(Int64.max)), source: "t") }
    }

    @Test func explicitSequenceMustExceedWhatWasSeen() throws {
        let store = try NameStore(path: Self.tempPath())
        try store.noteSeen(key.name, sequence: 10)
        #expect(throws: StoreError(.sequenceTooLow, "")) { _ = try store.publish(name: key.name, requestedSequence: 10) { self.record($0) } }
        #expect(try store.publish(name: key.name, requestedSequence: 11) { self.record($0) }.sequence == 11)
        #expect(try store.publishHistory(key.name).map(\.sequence) == [11])
    }

    @Test func concurrentPublishersGetDistinctIncreasingSequences() async throws {
        let path = Self.tempPath()
        _ = try NameStore(path: path)
        let key = self.key
        let sequences = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    // A separate connection pool per task, as separate processes would have.
                    let store = try NameStore(path: path)
                    var mine: [UInt64] = []
                    for _ in 0..<10 {
                        let r = try store.publish(name: key.name) { seq in
                            try! RecordValidator.standard.validate(NameRecord.Record.create(key: key, value: Array("/ipfs/x".utf8), sequence: seq,
                                                                                            validity: Timestamp.now().adding(nanoseconds: 3_600_000_000_000), ttl: 1),
                                                                   for: key.name)
                        }
                        mine.append(r.sequence)
                    }
                    return mine
                }
            }
            var all: [UInt64] = []
            for try await s in group { all += s }
            return all
        }
        #expect(sequences.count == 40)
        #expect(Set(sequences).count == 40)
        #expect(Set(sequences) == Set(0..<40))
        #expect(try NameStore(path: path).record(for: key.name)?.record.sequence == 39)
    }

    @Test func corruptDatabaseIsAClearError() throws {
        let path = Self.tempPath()
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError(.corruptDatabase, "")) { try NameStore(path: path) }
    }
}
