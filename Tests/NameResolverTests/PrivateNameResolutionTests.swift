import Foundation
import NameKeys
import NameRecord
import NameStore
import PrivateNames
import Synchronization
import Testing
@testable import NameResolver

/// A source that serves fixed records per name and remembers every name it was asked about.
final class RecordingSource: RecordSource {
    let label = "spy"
    let records: [Name: [NameRecord.Record]]
    let asked = Mutex<[Name]>([])
    init(_ records: [Name: [NameRecord.Record]]) { self.records = records }
    func candidates(for name: Name) async throws -> [NameRecord.Record] {
        asked.withLock { $0.append(name) }
        return records[name] ?? []
    }
}

@Suite struct PrivateNameResolutionTests {
    let owner = try! PrivateKey(seed: [UInt8](repeating: 21, count: 32))
    var inAnHour: Timestamp { Timestamp.now().adding(nanoseconds: 3_600_000_000_000) }

    @Test func resolverAsksOnlyForTheBlindedNameAndDecrypts() async throws {
        let friends = PrivateNameKey(owner: owner, label: try PrivateLabel("friends"))
        let record = try friends.createRecord(value: Array("/ipfs/bafkqaddwgevxmmraojswg33smq".utf8), sequence: 2, validity: inAnHour, ttl: 1)
        let spy = RecordingSource([friends.address.blindedName: [record]])
        let store = try NameResolverTests.store()
        let resolver = NameResolver(ResolverConfiguration(store: store, sources: [spy]))
        let r = try await resolver.resolve(friends.address.description + "/a/b")
        #expect(r.value == "/ipfs/bafkqaddwgevxmmraojswg33smq/a/b")
        #expect(r.name == friends.address.blindedName)
        #expect(r.sequence == 2 && r.source == "spy")
        #expect(spy.asked.withLock { $0 } == [friends.address.blindedName])
        // Rollback protection is per blinded name, through the store like any record.
        #expect(try store.highestSeen(friends.address.blindedName) == 2)
        #expect(try store.highestSeen(owner.name) == nil)
    }

    @Test func privateValuesPointingAtIPNSNamesAreFollowed() async throws {
        let store = try NameResolverTests.store()
        let target = try PrivateKey(seed: [UInt8](repeating: 22, count: 32))
        let publisher = NamePublisher(store: store)
        _ = try publisher.publish(key: target, value: "/ipfs/bafkqaddwgevxmmraojswg33smq")
        let friends = PrivateNameKey(owner: owner, label: try PrivateLabel("friends"))
        _ = try publisher.publish(privateName: friends, value: target.name.path + "/site")
        let r = try await NameResolver(ResolverConfiguration(store: store)).resolve(friends.address.description)
        #expect(r.value == "/ipfs/bafkqaddwgevxmmraojswg33smq/site")
        #expect(r.hops == [friends.address.description, target.name.path + "/site", "/ipfs/bafkqaddwgevxmmraojswg33smq/site"])
    }

    @Test func badAddressesForgeriesAndUndecryptableRecordsAreTypedErrors() async throws {
        let friends = PrivateNameKey(owner: owner, label: try PrivateLabel("friends"))
        // Validly signed by the blinded key but sealed for another label: valid record, wrong plaintext key.
        let family = PrivateNameKey(owner: owner, label: try PrivateLabel("family"))
        let misSealed = try Record.create(key: friends.signingKey, value: family.seal(Array("/ipfs/x".utf8)), sequence: 1, validity: inAnHour, ttl: 1)
        // Signed by the owner's key instead of the blinded key: a forgery for the blinded name.
        let forged = try friends.createRecord(value: [], sequence: 0, validity: inAnHour, ttl: 1)
        let byOwner = try Record.create(key: owner, value: forged.value!, sequence: 9, validity: inAnHour, ttl: 1)
        var config = ResolverConfiguration(store: nil, sources: [RecordingSource([friends.address.blindedName: [misSealed]])])
        config.useCache = false
        await #expect(throws: ResolveError(.decryptionFailed, "")) { try await NameResolver(config).resolve(friends.address.description) }
        config.sources = [RecordingSource([friends.address.blindedName: [byOwner]])]
        await #expect(throws: ResolveError(.validationFailed, "")) { try await NameResolver(config).resolve(friends.address.description) }
        config.sources = [RecordingSource([:])]
        await #expect(throws: ResolveError(.notFound, "")) { try await NameResolver(config).resolve(family.address.description) }
        var typo = Array(friends.address.description)
        typo[12] = typo[12] == "q" ? "p" : "q"
        do {
            _ = try await NameResolver(config).resolve(String(typo))
            Issue.record("typo resolved")
        } catch {
            #expect(error.code == .invalidPath)
            #expect(error.reason.contains("checksum"))
        }
    }
}
