import Multiformats
import NameKeys
import Testing
@testable import NameRecord

struct RecordValidationTests {
    let name = Fixture.key.name

    func verdict(_ record: Record, for name: Name? = nil, seen: UInt64? = nil) -> RecordErrorCode? {
        do {
            try RecordValidator.standard.validate(record, for: name ?? self.name, highestSeenSequence: seen)
            return nil
        } catch {
            return error.code
        }
    }

    func edited(_ edit: (inout IPNSEntry) -> Void) -> Record {
        var entry = Fixture.record().entry
        edit(&entry)
        return try! Record(bytes: entry.bytes)
    }

    @Test func createdRecordValidatesAndCarriesBothSignatures() throws {
        let record = Fixture.record(sequence: 7)
        #expect(verdict(record) == nil)
        #expect(record.hasSignatureV2)
        #expect(record.signatureV1Valid(key: Fixture.key.publicKey))
        #expect(record.sequence == 7)
        #expect(record.entry.pubKey == nil)
        #expect(record.data!.canonicalKeyOrder)
        // The protobuf round-trips byte for byte.
        #expect(try Record(bytes: record.bytes).entry.bytes == record.bytes)
    }

    @Test func cborDataIsCanonicalDagCBOR() throws {
        let data = RecordData(value: [0x61], validity: [0x62], sequence: 1, ttl: 2)
        let expected: [UInt8] = [0xa5,
            0x63] + Array("TTL".utf8) + [0x02,
            0x65] + Array("Value".utf8) + [0x41, 0x61,
            0x68] + Array("Sequence".utf8) + [0x01,
            0x68] + Array("Validity".utf8) + [0x41, 0x62,
            0x6c] + Array("ValidityType".utf8) + [0x00]
        #expect(data.cbor == expected)
        let big = RecordData(value: [], validity: [], sequence: UInt64.max, ttl: 3_155_760_000_000_000_000)
        #expect(try RecordData(cbor: big.cbor) == big)
    }

    @Test func rejectsWrongName() {
        #expect(verdict(Fixture.record(), for: Fixture.otherKey.name) == .signatureV2Invalid)
    }

    @Test func rejectsTamperedSignatureV2ButNotV1() {
        #expect(verdict(edited { $0.signatureV2![0] ^= 1 }) == .signatureV2Invalid)
        #expect(verdict(edited { $0.signatureV1![0] ^= 1 }) == nil)
    }

    @Test func rejectsV1OnlyAndMissingData() {
        #expect(verdict(edited { $0.signatureV2 = nil; $0.data = nil }) == .signatureV2Missing)
        #expect(verdict(edited { $0.signatureV2 = [] }) == .signatureV2Missing)
        #expect(verdict(edited { $0.data = nil }) == .dataMissing)
    }

    @Test func rejectsLegacyFieldsThatDisagreeWithSignedData() {
        #expect(verdict(edited { $0.value = Array("/ipfs/other".utf8) }) == .fieldMismatch)
        #expect(verdict(edited { $0.sequence = 99 }) == .fieldMismatch)
        #expect(verdict(edited { $0.ttl = 1 }) == .fieldMismatch)
        #expect(verdict(edited { $0.validity = Array("2099-01-01T00:00:00Z".utf8) }) == .fieldMismatch)
        // Without value and signatureV1, stale legacy fields are ignored.
        #expect(verdict(edited { $0.value = nil; $0.signatureV1 = nil; $0.sequence = 99 }) == nil)
    }

    @Test func rejectsExpiredRecordsNamingTheTime() throws {
        let past = Timestamp.now().adding(nanoseconds: 0)
        let record = Fixture.record(validity: Timestamp(seconds: past.seconds - 10))
        #expect(throws: RecordError(.expired, "")) { try RecordValidator.standard.validate(record, for: name) }
        do { try RecordValidator.standard.validate(record, for: name) } catch {
            #expect(error.reason.contains(String(record.validity!.rfc3339.prefix(19))))
        }
    }

    @Test func rejectsUnsupportedValidityTypeAndBadTimestamp() {
        func withData(_ d: RecordData) -> Record {
            var entry = IPNSEntry()
            entry.data = d.cbor
            Fixture.resign(&entry)
            entry.signatureV1 = nil
            return try! Record(bytes: entry.bytes)
        }
        let good = Array(Fixture.future.rfc3339.utf8)
        #expect(verdict(withData(RecordData(value: [1], validity: good, sequence: 1, ttl: 1))) == nil)
        #expect(verdict(withData(RecordData(value: [1], validity: good, validityType: 1, sequence: 1, ttl: 1))) == .unsupportedValidityType)
        #expect(verdict(withData(RecordData(value: [1], validity: Array("tomorrow".utf8), sequence: 1, ttl: 1))) == .invalidValidity)
    }

    @Test func rejectsOversizedRecords() {
        var entry = Fixture.record().entry
        entry.value = nil
        entry.signatureV1 = nil
        let padding = 10 * 1024 - entry.bytes.count
        // An unknown field pads the record to exactly 10240 bytes (valid) and 10241 (invalid).
        var exact = entry
        exact.pubKey = nil
        var w = ProtobufWriter()
        w.writeBytes(field: 15, [UInt8](repeating: 0, count: padding - 3))
        let atLimit = entry.bytes + w.bytes
        #expect(atLimit.count == 10240)
        #expect((try? RecordValidator.standard.validate(bytes: atLimit, for: name)) != nil)
        #expect(throws: RecordError(.recordTooLarge, "")) { try Record(bytes: atLimit + [0]) }
    }

    @Test func pubKeyFieldMustMatchTheName() {
        #expect(verdict(edited { $0.pubKey = Fixture.key.publicKey.protobuf }) == nil)
        #expect(verdict(edited { $0.pubKey = Fixture.otherKey.publicKey.protobuf }) == .pubKeyInvalid)
        #expect(verdict(edited { $0.pubKey = [0x08, 0x01, 0x12] }) == .pubKeyInvalid)
        #expect(verdict(edited { $0.pubKey = [0x08, 0x02, 0x12, 0x01, 0x00] }) == .pubKeyInvalid)
        // A name embedding a secp256k1 key: parsed, but namectl cannot verify it.
        let secp = try! PublicKey(protobuf: [0x08, 0x02, 0x12, 0x21] + [UInt8](repeating: 2, count: 33))
        #expect(verdict(Fixture.record(), for: Name(publicKey: secp)) == .unsupportedKeyType)
    }

    @Test func hashedNamesNeedAMatchingPubKey() throws {
        // A name made from a SHA-256 multihash of a key (how RSA names look).
        let keyPB = Fixture.key.publicKey.protobuf
        let hashed = try Name(multihash: Multihash(code: Multihash.sha2_256, digest: sodiumSHA256(keyPB)))
        #expect(verdict(Fixture.record(), for: hashed) == .publicKeyMissing)
        #expect(verdict(edited { $0.pubKey = keyPB }, for: hashed) == nil)
        #expect(verdict(edited { $0.pubKey = Fixture.otherKey.publicKey.protobuf }, for: hashed) == .keyMismatch)
    }

    @Test func rollbackBelowHighestSeenIsRejected() {
        let record = Fixture.record(sequence: 5)
        #expect(verdict(record, seen: 5) == nil)
        #expect(verdict(record, seen: 6) == .rollback)
    }

    @Test func malformedEnvelopesAreTypedErrors() {
        let good = Fixture.record().bytes
        #expect(throws: RecordError(.malformedRecord, "")) { try Record(bytes: good + [0x0a]) }          // truncated trailing field
        #expect(throws: RecordError(.malformedRecord, "")) { try Record(bytes: good + good.prefix(40)) } // duplicate fields
        #expect(throws: RecordError(.malformedRecord, "")) { try Record(bytes: [0x28, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]) }
        #expect(throws: RecordError(.malformedRecord, "")) { try Record(bytes: [0x28, 0x81, 0x00]) }       // overlong varint
        #expect(throws: RecordError(.malformedRecord, "")) { try Record(bytes: [0x0d, 0, 0, 0, 0]) }      // fixed32 as value
    }
}

import Sodium
func sodiumSHA256(_ b: [UInt8]) -> [UInt8] { Sodium.sha256(b) }

struct OversizedValueTests {
    @Test func creatingARecordOver10KiBIsATypedErrorNotACrash() {
        let big = [UInt8](repeating: 0x61, count: 5200)
        #expect(throws: RecordError(.recordTooLarge, "")) {
            try Record.create(key: Fixture.key, value: big, sequence: 1, validity: Fixture.future, ttl: 1)
        }
    }
}
