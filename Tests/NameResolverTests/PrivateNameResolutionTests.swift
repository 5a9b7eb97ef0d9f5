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
    let identity = EndpointIdentity(kind: "spy", endpoint: "test")
    let records: [Name: [NameRecord.Record]]
    let asked = Mutex<[Name]>([])
    init(_ records: [Name: [NameRecord.Record]]) { self.records = records }
    func candidates(for name: Name) async throws -> [[UInt8]] {
        asked.withLock { $0.append(name) }
        return (records[name] ?? []).map(\.bytes)
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
        #expect(r.sequence == 2 && r.source?.kind == "spy")
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

    /// Rollback protection and expiry hold per blinded name when resolving an address: once sequence 5
    /// was seen, a source serving only sequence 3 is refused as a rollback (nothing decrypted), and an
    /// expired record is refused as expired, while another label of the same owner is unaffected.
    @Test func rollbackAndExpiryArePerBlindedNameWhenResolvingAnAddress() async throws {
        let store = try NameResolverTests.store()
        let friends = PrivateNameKey(owner: owner, label: try PrivateLabel("friends"))
        let family = PrivateNameKey(owner: owner, label: try PrivateLabel("family"))
        let value = Array("/ipfs/bafkqaddwgevxmmraojswg33smq".utf8)
        func record(_ k: PrivateNameKey, _ seq: UInt64, _ validity: Timestamp) throws -> NameRecord.Record {
            try k.createRecord(value: value, sequence: seq, validity: validity, ttl: 1)
        }
        func resolver(_ records: [Name: [NameRecord.Record]]) -> NameResolver {
            var config = ResolverConfiguration(store: store, sources: [RecordingSource(records)])
            config.useCache = false
            return NameResolver(config)
        }
        #expect(try await resolver([friends.address.blindedName: [try record(friends, 5, inAnHour)]]).resolve(friends.address.description).sequence == 5)
        let older = resolver([friends.address.blindedName: [try record(friends, 3, inAnHour)]])
        do {
            _ = try await older.resolve(friends.address.description)
            Issue.record("an older record resolved")
        } catch {
            #expect(error.code == .validationFailed && error.recordError?.code == .rollback, "\(error)")
        }
        let past = Timestamp(seconds: Timestamp.now().seconds - 60)
        await #expect(throws: ResolveError(.expired, "")) {
            try await resolver([friends.address.blindedName: [try record(friends, 9, past)]]).resolve(friends.address.description)
        }
        #expect(try await resolver([family.address.blindedName: [try record(family, 0, inAnHour)]]).resolve(family.address.description).sequence == 0)
        #expect(try store.highestSeen(friends.address.blindedName) == 5)
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
