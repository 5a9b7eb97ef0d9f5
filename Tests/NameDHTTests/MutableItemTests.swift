import NameKeys
import NameRecord
import Testing
@testable import NameDHT

@Suite struct MutableItemTests {
    // BEP 44 "test vectors" section.
    static let vectorKey = Hex.decode("77ff84905a91936367c01360803104f92432fcd904a43511876df5cdf3e7e548")!
    static let vectorValue = Bencode.string("Hello World!")

    @Test func verifiesBEP44VectorWithoutSalt() throws {
        let sig = Hex.decode("305ac8aeb6c9c151fa120f120ea2cfb923564e11552d06a5d856091e5e853cff1260d3f39e4999684aa92eb73ffd136e6f4f3ecbfda0ce53a1608ecd7ae21f01")!
        let item = try MutableItem(publicKey: Self.vectorKey, salt: [], sequence: 1, value: Self.vectorValue, signature: sig)
        #expect(item.signable == Array("3:seqi1e1:v12:Hello World!".utf8))
        #expect(item.verify())
        #expect(item.target.description == "4a533d47ec9c7d95b1ad75f576cffc641853b750")
    }

    @Test func verifiesBEP44VectorWithSalt() throws {
        let sig = Hex.decode("6834284b6b24c3204eb2fea824d82f88883a3d95e8b4a21b8c0ded553d17d17ddf9a8a7104b1258f30bed3787e6cb896fca78c58f8e03b5f18f14951a87d9a08")!
        let item = try MutableItem(publicKey: Self.vectorKey, salt: Array("foobar".utf8), sequence: 1, value: Self.vectorValue, signature: sig)
        #expect(item.signable == Array("4:salt6:foobar3:seqi1e1:v12:Hello World!".utf8))
        #expect(item.verify())
        #expect(item.target.description == "411eba73b6f087ca51a3795d9c8c938d365e32c1")
    }

    @Test func rejectsTamperedVector() throws {
        let sig = Hex.decode("305ac8aeb6c9c151fa120f120ea2cfb923564e11552d06a5d856091e5e853cff1260d3f39e4999684aa92eb73ffd136e6f4f3ecbfda0ce53a1608ecd7ae21f01")!
        let bumped = try MutableItem(publicKey: Self.vectorKey, salt: [], sequence: 2, value: Self.vectorValue, signature: sig)
        #expect(!bumped.verify())
        let other = try MutableItem(publicKey: Self.vectorKey, salt: [], sequence: 1, value: .string("Hello World?"), signature: sig)
        #expect(!other.verify())
    }

    @Test func signsWhatItVerifies() throws {
        let key = PrivateKey.generate()
        let item = try MutableItem.sign(value: .string("x"), salt: Array("ipns".utf8), sequence: 7, key: key)
        #expect(item.verify())
        #expect(item.publicKey == key.publicKey.data)
    }

    @Test func refusesValueOver1000BencodedBytes() throws {
        let key = PrivateKey.generate()
        // 996 bytes bencode as "996:" + 996 = 1000 bytes: allowed; 997 is one too many.
        _ = try MutableItem.sign(value: .bytes([UInt8](repeating: 1, count: 996)), salt: [], sequence: 1, key: key)
        #expect(throws: DHTError(.valueTooLarge, "")) {
            try MutableItem.sign(value: .bytes([UInt8](repeating: 1, count: 997)), salt: [], sequence: 1, key: key)
        }
    }

    @Test func refusesSaltOver64Bytes() {
        #expect(throws: DHTError(.saltTooLarge, "")) {
            try MutableItem.sign(value: .integer(1), salt: [UInt8](repeating: 0, count: 65), sequence: 1, key: PrivateKey.generate())
        }
    }
}

@Suite struct IPNSItemTests {
    static func record(_ key: PrivateKey, seq: UInt64, value: String = "/ipfs/bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
                       validFor seconds: Int64 = 3600) -> Record {
        try! Record.create(key: key, value: Array(value.utf8), sequence: seq,
                      validity: Timestamp(seconds: Timestamp.now().seconds + seconds), ttl: 3_600_000_000_000)
    }

    @Test func carriesRecordUnderIpnsSalt() throws {
        let key = PrivateKey.generate()
        let record = Self.record(key, seq: 5)
        let item = try IPNSItem.make(record: record, key: key)
        #expect(item.salt == Array("ipns".utf8))
        #expect(item.sequence == 5)
        #expect(item.value == .bytes(record.bytes))
        #expect(item.target == NodeID(bytes: SHA1.hash(key.publicKey.data + Array("ipns".utf8))))
        #expect(try IPNSItem.record(from: item, for: key.name) == record)
    }

    @Test func refusesRecordTooLargeForBEP44() {
        let key = PrivateKey.generate()
        let big = Self.record(key, seq: 1, value: "/ipfs/" + String(repeating: "a", count: 600))
        #expect(throws: DHTError(.valueTooLarge, "")) { try IPNSItem.make(record: big, key: key) }
    }

    @Test func refusesItemWhoseSeqDisagreesWithRecord() throws {
        let key = PrivateKey.generate()
        let record = Self.record(key, seq: 5)
        let item = try MutableItem.sign(value: .bytes(record.bytes), salt: IPNSItem.salt, sequence: 6, key: key)
        #expect(throws: DHTError(.sequenceMismatch, "")) { try IPNSItem.record(from: item, for: key.name) }
    }

    @Test func refusesExpiredRecordInsideValidItem() throws {
        let key = PrivateKey.generate()
        let record = Self.record(key, seq: 1, validFor: -10)
        let item = try MutableItem.sign(value: .bytes(record.bytes), salt: IPNSItem.salt, sequence: 1, key: key)
        #expect(throws: DHTError(.invalidRecord, "")) { try IPNSItem.record(from: item, for: key.name) }
        #expect(throws: DHTError(.invalidRecord, "")) { try IPNSItem.make(record: record, key: key) }
    }

    @Test func refusesRecordOfAnotherNameSignedIntoItem() throws {
        let owner = PrivateKey.generate(), thief = PrivateKey.generate()
        let record = Self.record(owner, seq: 1)
        let item = try MutableItem.sign(value: .bytes(record.bytes), salt: IPNSItem.salt, sequence: 1, key: thief)
        #expect(throws: DHTError(.invalidRecord, "")) { try IPNSItem.record(from: item, for: thief.name) }
        #expect(throws: DHTError(.invalidSignature, "")) { try IPNSItem.record(from: item, for: owner.name) }
    }

    @Test func refusesTamperedItem() throws {
        let key = PrivateKey.generate()
        let item = try IPNSItem.make(record: Self.record(key, seq: 1), key: key)
        var bytes = item.value.bytesValue!
        bytes[bytes.count - 1] ^= 1
        let tampered = try MutableItem(publicKey: item.publicKey, salt: item.salt, sequence: 1, value: .bytes(bytes), signature: item.signature)
        #expect(throws: DHTError(.invalidSignature, "")) { try IPNSItem.record(from: tampered, for: key.name) }
    }
}
