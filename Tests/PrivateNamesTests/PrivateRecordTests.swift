import Foundation
import NameKeys
import NameRecord
import NameStore
@testable import PrivateNames
import Testing

@Suite struct PrivateRecordTests {
    let owner = PrivateKey.generate()
    let value = Array("/ipfs/bafkqaddwgevxmmraojswg33smq/index.html".utf8)
    var inADay: Timestamp { Timestamp.now().adding(nanoseconds: 86_400 * 1_000_000_000) }

    func key(_ label: String) throws -> PrivateNameKey { PrivateNameKey(owner: owner, label: try PrivateLabel(label)) }

    @Test func recordIsAValidIPNSRecordForTheBlindedNameAndDecrypts() throws {
        let friends = try key("friends")
        let record = try friends.createRecord(value: value, sequence: 3, validity: inADay, ttl: 60_000_000_000)
        let address = try PrivateAddress(friends.address.description)
        #expect(address.blindedName == friends.signingKey.name)
        try RecordValidator.standard.validate(record, for: address.blindedName)
        #expect(record.signatureV1Valid(key: friends.signingKey.publicKey))
        #expect(record.sequence == 3)
        #expect(try address.value(of: record) == value)
        #expect(record.value != value)
        #expect(throws: RecordError(.signatureV2Invalid, "")) { try RecordValidator.standard.validate(record, for: owner.name) }
    }

    @Test func valueLengthIsPaddedAndEveryRecordHasAFreshCiphertext() throws {
        let friends = try key("friends")
        let short = friends.seal([1]), long = friends.seal(Array(repeating: 2, count: 62))
        #expect(short.count == long.count)
        #expect(short.count == PrivateValue.padding + PrivateValue.overhead)
        #expect(friends.seal(Array(repeating: 2, count: 63)).count == 2 * PrivateValue.padding + PrivateValue.overhead)
        #expect(friends.seal(value) != friends.seal(value))
        for v in [[], [0x80], [0, 0, 0], value, Array(repeating: 0, count: 200)] as [[UInt8]] {
            #expect(try PrivateValue.open(friends.seal(v), owner: owner.publicKey, label: friends.address.label,
                                          blindedKey: friends.signingKey.publicKey) == v)
        }
    }

    @Test func wrongLabelOrOwnerNeverYieldsAValue() throws {
        let friends = try key("friends")
        let record = try friends.createRecord(value: value, sequence: 0, validity: inADay, ttl: 1)
        let wrongLabel = try PrivateAddress(owner: owner.name, label: PrivateLabel("family"))
        let wrongOwner = try PrivateAddress(owner: PrivateKey.generate().name, label: PrivateLabel("friends"))
        for address in [wrongLabel, wrongOwner] {
            // A resolver looks up only the blinded name, which differs: the record is not even a candidate…
            #expect(address.blindedName != friends.address.blindedName)
            #expect(throws: RecordError(.signatureV2Invalid, "")) { try RecordValidator.standard.validate(record, for: address.blindedName) }
            // …and forcing it through decryption fails cleanly.
            #expect(throws: PrivateNameError(.decryptionFailed, "")) { try address.value(of: record) }
        }
    }

    @Test func tamperedRecordsFailValidationOrDecryptionWithATypedError() throws {
        let friends = try key("friends")
        let record = try friends.createRecord(value: value, sequence: 0, validity: inADay, ttl: 1)
        let sealed = record.value!
        var rejected = 0
        for i in record.bytes.indices {
            var bytes = record.bytes
            bytes[i] ^= 0x04
            do {
                let accepted = try RecordValidator.standard.validate(bytes: bytes, for: friends.address.blindedName)
                // Only the legacy V1 signature is outside what V2 covers: a flip there changes nothing else.
                #expect(try friends.address.value(of: accepted) == value, "byte \(i)")
                #expect(!accepted.signatureV1Valid(key: friends.signingKey.publicKey), "byte \(i)")
            } catch {
                rejected += 1
            }
        }
        #expect(rejected == record.bytes.count - 64)
        // A validly signed record whose ciphertext was altered (or sealed for another label) fails decryption.
        var altered = sealed
        altered[altered.count / 2] ^= 1
        let resigned = try Record.create(key: friends.signingKey, value: altered, sequence: 1, validity: inADay, ttl: 1)
        try RecordValidator.standard.validate(resigned, for: friends.address.blindedName)
        #expect(throws: PrivateNameError(.decryptionFailed, "")) { try friends.address.value(of: resigned) }
        let otherLabel = try key("family").seal(value)
        let moved = try Record.create(key: friends.signingKey, value: otherLabel, sequence: 2, validity: inADay, ttl: 1)
        #expect(throws: PrivateNameError(.decryptionFailed, "")) { try friends.address.value(of: moved) }
        let truncated = try Record.create(key: friends.signingKey, value: Array(sealed.prefix(20)), sequence: 3, validity: inADay, ttl: 1)
        #expect(throws: PrivateNameError(.decryptionFailed, "")) { try friends.address.value(of: truncated) }
    }

    @Test func sequencesRollbackAndExpiryArePerBlindedName() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("namectl-private-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try NameStore(path: dir.appendingPathComponent("db.sqlite").path)
        let friends = try key("friends"), family = try key("family")
        func publish(_ k: PrivateNameKey) throws -> Record {
            try store.publish(name: k.address.blindedName) { sequence throws(RecordError) in
                try k.createRecord(value: value, sequence: sequence, validity: inADay, ttl: 1)
            }
        }
        #expect(try publish(friends).sequence == 0)
        #expect(try publish(friends).sequence == 1)
        #expect(try publish(family).sequence == 0, "another label is another name with its own sequence")
        #expect(try store.highestSeen(friends.address.blindedName) == 1)
        #expect(try store.highestSeen(owner.name) == nil, "the owner's public name is untouched")

        let old = try friends.createRecord(value: value, sequence: 0, validity: inADay, ttl: 1)
        #expect(throws: RecordError(.rollback, "")) {
            try RecordValidator.standard.validate(old, for: friends.address.blindedName, highestSeenSequence: 1)
        }
        #expect(throws: StoreError(.staleRecord, "")) { try store.put(old, for: friends.address.blindedName, source: "dht") }
        let familyFirst = try family.createRecord(value: value, sequence: 1, validity: inADay, ttl: 1)
        #expect(try store.put(familyFirst, for: family.address.blindedName, source: "dht") == .stored)
        let expired = try friends.createRecord(value: value, sequence: 9, validity: Timestamp(seconds: Timestamp.now().seconds - 10), ttl: 1)
        #expect(throws: RecordError(.expired, "")) { try RecordValidator.standard.validate(expired, for: friends.address.blindedName) }
    }

    /// What a DHT node, DNS operator or HTTP server stores: the record bytes under the blinded name's
    /// routing key. Neither the owner's key, its name, the label, nor the value appear in them.
    @Test func storedBytesRevealNeitherOwnerLabelNorValue() throws {
        let secretLabel = "our-secret-label"
        let friends = try key(secretLabel), family = try key("family")
        let a = try friends.createRecord(value: value, sequence: 0, validity: inADay, ttl: 1)
        let b = try family.createRecord(value: value, sequence: 0, validity: inADay, ttl: 1)
        for (record, k) in [(a, friends), (b, family)] {
            let seen = record.bytes + k.address.blindedName.routingKey + Array(k.address.blindedName.description.utf8)
            for secret in [owner.publicKey.data, owner.name.multihash.bytes, Array(owner.name.description.utf8),
                           Array(secretLabel.utf8), value, Array("bafkqaddwgevxmmraojswg33smq".utf8)] {
                #expect(!contains(seen, secret))
            }
        }
        #expect(!contains(a.bytes, family.signingKey.publicKey.data) && !contains(b.bytes, friends.signingKey.publicKey.data))
    }

    func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { haystack[$0..<$0 + needle.count].elementsEqual(needle) }
    }
}
