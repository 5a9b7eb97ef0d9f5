import Foundation
import Logging
import NameKeys
import NameRecord
import NameResolver
import NameStore
import PrivateNames
import Synchronization
import Testing
@testable import NameDaemon

/// The republisher keeps private names alive like owned ones: re-signed by the blinded key with
/// the same sealed value, the next sequence and a fresh EOL, and only while the owner's key is unlocked.
@Suite struct PrivateRepublishTests {
    let owner = try! PrivateKey(seed: [UInt8](repeating: 41, count: 32))
    let value = "/ipfs/bafkqaddwgevxmmraojswg33smq"

    func store() throws -> NameStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("namectl-prep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return try NameStore(path: dir.appendingPathComponent("db.sqlite").path)
    }

    /// What the republisher handed to `rebroadcast`.
    final class Sent: Sendable {
        let items = Mutex<[(Name, Record)]>([])
        var names: [Name] { items.withLock { $0.map(\.0) } }
        var records: [Record] { items.withLock { $0.map(\.1) } }
    }

    func republisher(_ store: NameStore, _ names: [PrivateNameKey], sent: Sent) -> Republisher {
        Republisher(store: store, keys: { [] }, privateNames: { names }, interval: 3600, lifetime: 48 * 3_600_000_000_000,
                    ttl: 60_000_000_000, rebroadcast: { name, record in sent.items.withLock { $0.append((name, record)) } },
                    logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    @Test func privateNamesAreResignedWithTheNextSequenceAndTheSameSealedValue() async throws {
        let store = try store()
        let friends = PrivateNameKey(owner: owner, label: try PrivateLabel("friends"))
        let blinded = friends.address.blindedName
        // Published a while ago: ten minutes of lifetime left.
        let old = try NamePublisher(store: store).publish(privateName: friends, value: value,
                                                           options: PublishOptions(lifetime: 600_000_000_000, ttl: 1))
        let sent = Sent()
        let rep = republisher(store, [friends], sent: sent)

        #expect(await rep.runOnce(now: .now()) == [blinded])
        let held = try #require(try store.record(for: blinded)?.record)
        #expect(held.sequence == old.sequence + 1)
        #expect(held.value == old.record.value, "the sealed value is kept, not re-encrypted")
        #expect(held.validity! > old.record.validity!)
        #expect(held.ttl == 60_000_000_000)
        let verified = try RecordValidator.standard.validate(held, for: blinded, highestSeenSequence: old.sequence)
        let address = try PrivateAddress(friends.address.description)
        #expect(try address.value(of: verified) == Array(value.utf8), "the shared address still decrypts it")
        #expect(sent.names == [blinded] && sent.records == [held])
        #expect(try store.highestSeen(blinded) == old.sequence + 1)
        #expect(try store.highestSeen(owner.name) == nil, "the owner's public name is untouched")
        // Nothing is due right after a re-sign.
        #expect(await rep.runOnce(now: .now()).isEmpty)
        // A day later it is due again, and the sequence moves on.
        #expect(await rep.runOnce(now: .now().adding(nanoseconds: 86_400_000_000_000)) == [blinded])
        #expect(try store.record(for: blinded)?.record.sequence == old.sequence + 2)
    }

    @Test func privateNamesOfLockedKeysAreOnlyRebroadcast() async throws {
        let store = try store()
        let friends = PrivateNameKey(owner: owner, label: try PrivateLabel("friends"))
        let old = try NamePublisher(store: store).publish(privateName: friends, value: value,
                                                           options: PublishOptions(lifetime: 600_000_000_000, ttl: 1))
        let sent = Sent()
        #expect(await republisher(store, [], sent: sent).runOnce(now: .now()).isEmpty)
        #expect(try store.record(for: friends.address.blindedName)?.record == old.record)
        #expect(sent.records == [old.record], "handed on unchanged, like any foreign record")
    }
}
