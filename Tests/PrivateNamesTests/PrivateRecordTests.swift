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
        let verified = try RecordValidator.standard.validate(record, for: address.blindedName)
        #expect(record.signatureV1Valid(key: friends.signingKey.publicKey))
        #expect(record.sequence == 3)
        #expect(try address.value(of: verified) == value)
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
        let verified = try RecordValidator.standard.validate(record, for: friends.address.blindedName)
        let wrongLabel = try PrivateAddress(owner: owner.name, label: PrivateLabel("family"))
        let wrongOwner = try PrivateAddress(owner: PrivateKey.generate().name, label: PrivateLabel("friends"))
        for address in [wrongLabel, wrongOwner] {
            // A resolver looks up only the blinded name, which differs: the record is not even a candidate…
            #expect(address.blindedName != friends.address.blindedName)
            #expect(throws: RecordError(.signatureV2Invalid, "")) { try RecordValidator.standard.validate(record, for: address.blindedName) }
            // …and forcing it through decryption fails cleanly, whether or not the name is checked first.
            #expect(throws: PrivateNameError(.decryptionFailed, "")) { try address.value(of: verified) }
            #expect(throws: PrivateNameError(.decryptionFailed, "")) {
                try PrivateValue.open(record.value!, owner: address.owner.embeddedKey!, label: address.label, blindedKey: address.blindedKey)
            }
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
                #expect(!accepted.record.signatureV1Valid(key: friends.signingKey.publicKey), "byte \(i)")
            } catch {
                rejected += 1
            }
        }
        #expect(rejected == record.bytes.count - 64)
        // A validly signed record whose ciphertext was altered (or sealed for another label) fails decryption.
        var altered = sealed
        altered[altered.count / 2] ^= 1
        let otherLabel = try key("family").seal(value)
        for forged in [altered, otherLabel, Array(sealed.prefix(20))] {
            let resigned = try Record.create(key: friends.signingKey, value: forged, sequence: 1, validity: inADay, ttl: 1)
            let verified = try RecordValidator.standard.validate(resigned, for: friends.address.blindedName)
            #expect(throws: PrivateNameError(.decryptionFailed, "")) { try friends.address.value(of: verified) }
        }
    }

    @Test func sequencesRollbackAndExpiryArePerBlindedName() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("namectl-private-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try NameStore(path: dir.appendingPathComponent("db.sqlite").path)
        let friends = try key("friends"), family = try key("family")
        func publish(_ k: PrivateNameKey) throws -> VerifiedRecord {
            try store.publish(name: k.address.blindedName) { sequence throws(RecordError) in
                try RecordValidator.standard.validate(k.createRecord(value: value, sequence: sequence, validity: inADay, ttl: 1),
                                                      for: k.address.blindedName)
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
        let oldVerified = try RecordValidator.standard.validate(old, for: friends.address.blindedName)
        #expect(throws: StoreError(.staleRecord, "")) { try store.put(oldVerified, source: "dht") }
        let familyNext = try family.createRecord(value: value, sequence: 1, validity: inADay, ttl: 1)
        #expect(try store.put(RecordValidator.standard.validate(familyNext, for: family.address.blindedName), source: "dht") == .stored)
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

    /// What a storage node holds for two labels of one owner (record bytes and routing key) has
    /// nothing in common that two private names of unrelated owners, made with the same sequence,
    /// validity and TTL, do not also share: no run of bytes ties the two labels to each other, nor to
    /// the owner's own public record and name, beyond the public record layout. Sizes match too.
    ///
    /// A shared 6-byte run whose first or last 4 bytes are layout is layout next to bytes that matched
    /// by chance (the last bytes of a ciphertext or signature before a field tag: 1 in 256 each, or
    /// about 1 in 14 for a small length); it links nothing, while a real link of 6 or more bytes has
    /// runs with no layout in them. Checked for five owners.
    @Test func twoLabelsOfOneOwnerShareNoMoreThanUnrelatedOwners() throws {
        let validity = inADay
        func privateView(_ k: PrivateNameKey) throws -> [UInt8] {
            try k.createRecord(value: value, sequence: 7, validity: validity, ttl: 60_000_000_000).bytes + k.address.blindedName.routingKey
        }
        func publicView(_ k: PrivateKey) throws -> [UInt8] {
            try Record.create(key: k, value: value, sequence: 7, validity: validity, ttl: 60_000_000_000).bytes + k.name.routingKey
        }
        func shared(_ a: [UInt8], _ b: [UInt8], width: Int = 6) -> Set<[UInt8]> { Set(a.windows(width)).intersection(b.windows(width)) }
        /// Runs `a` and `b` share that are not explained by what `unrelatedA` and `unrelatedB` share.
        func links(_ a: [UInt8], _ b: [UInt8], beyond unrelatedA: [UInt8], _ unrelatedB: [UInt8]) -> Set<[UInt8]> {
            let layout = shared(unrelatedA, unrelatedB, width: 4)
            return shared(a, b).filter { !layout.contains(Array($0.prefix(4))) && !layout.contains(Array($0.suffix(4))) }
        }
        for _ in 0..<5 {
            let owner = PrivateKey.generate(), strangerA = PrivateKey.generate(), strangerB = PrivateKey.generate()
            let friends = try privateView(PrivateNameKey(owner: owner, label: PrivateLabel("friends")))
            let family = try privateView(PrivateNameKey(owner: owner, label: PrivateLabel("family")))
            let unrelatedFriends = try privateView(PrivateNameKey(owner: strangerA, label: PrivateLabel("friends")))
            let unrelatedFamily = try privateView(PrivateNameKey(owner: strangerB, label: PrivateLabel("family")))
            #expect(!shared(unrelatedFriends, unrelatedFamily).isEmpty, "the layout (field tags, CBOR keys, validity) is shared by every record")
            #expect(Set([friends.count, family.count, unrelatedFriends.count, unrelatedFamily.count]).count == 1)
            #expect(links(friends, family, beyond: unrelatedFriends, unrelatedFamily).isEmpty)
            let ownersPublic = try publicView(owner), strangersPublic = try publicView(strangerB)
            #expect(links(ownersPublic, friends, beyond: strangersPublic, unrelatedFriends).isEmpty)
        }
    }

    func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { haystack[$0..<$0 + needle.count].elementsEqual(needle) }
    }
}
