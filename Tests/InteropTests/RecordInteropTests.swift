import Foundation
import Multiformats
import NameKeys
import NameRecord
import NamectlTestSupport
import Sodium
import Testing

/// Cross-checks namectl against an independent Python implementation of the IPNS Record spec
/// (`Tests/Interop/ipns_reference.py`: hand-written protobuf, cbor2, PyNaCl), in both directions:
/// records namectl makes must verify there, and every good and bad record it makes must get the same
/// verdict and error code from `RecordValidator.standard`.
@Suite struct RecordInteropTests {
    // MARK: namectl → reference

    @Test func referenceVerifiesRecordsNamectlCreates() throws {
        let dir = try Reference.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = try PrivateKey(seed: [UInt8](repeating: 7, count: 32))
        let inTwoDays = Timestamp.now().adding(nanoseconds: 48 * 3_600 * 1_000_000_000)
        let cases: [(value: [UInt8], sequence: UInt64, validity: Timestamp, ttl: UInt64)] = [
            (Array("/ipfs/bafkqaddwgevxmmraojswg33smq".utf8), 0, inTwoDays, 3_600 * 1_000_000_000),
            (Array("/ipns/k51qzi5uqu5dlkw8pxuw9qmqayfdeh4kfebhmreauqdc6a7c3y7d5i9fi8mk9w".utf8), 1, inTwoDays, 0),
            (Array(0...255) + [0xff, 0xfe], 42, inTwoDays, 3_155_760_000_000_000_000),
            ([], 7, inTwoDays, 1),
            (Array("/ipfs/bafkqaddwgevxmmraojswg33smq".utf8), UInt64.max, Timestamp(seconds: 4_102_444_800, nanoseconds: 123_456_789), UInt64.max),
            (Array(repeating: UInt8(ascii: "x"), count: 4_800), 3, inTwoDays, 60_000_000_000),
        ]
        var items: [Reference.Item] = []
        var records: [Record] = []
        for (i, c) in cases.enumerated() {
            let record = try! Record.create(key: key, value: c.value, sequence: c.sequence, validity: c.validity, ttl: c.ttl)
            try RecordValidator.standard.validate(record, for: key.name)
            let file = dir.appendingPathComponent("namectl-\(i).ipns-record")
            try Data(record.bytes).write(to: file)
            items.append(.init(file: file.path, name: key.name.description))
            records.append(record)
        }
        let verdicts = try Reference.verifyBatch(items, in: dir)
        try #require(verdicts.count == cases.count)
        for (i, (verdict, c)) in zip(verdicts, cases).enumerated() {
            #expect(verdict.valid, "case \(i): reference rejects namectl's record: \(verdict.error ?? "") \(verdict.reason ?? "")")
            #expect(verdict.error == nil, "case \(i)")
            #expect(verdict.valueHex == Reference.hex(c.value), "case \(i): value")
            #expect(verdict.sequence == c.sequence, "case \(i): sequence")
            #expect(verdict.ttl == c.ttl, "case \(i): ttl")
            #expect(verdict.validity == c.validity.rfc3339, "case \(i): validity")
            #expect(verdict.signatureV1Valid == true, "case \(i): the legacy V1 signature must verify too")
            #expect(verdict.size == records[i].bytes.count, "case \(i): size")
        }
    }

    /// Bad records built with namectl's own types; both implementations must name the same failure.
    @Test func namectlAndReferenceRejectNamectlMadeBadRecordsForTheSameReason() throws {
        let dir = try Reference.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = try PrivateKey(seed: [UInt8](repeating: 9, count: 32))
        let other = try PrivateKey(seed: [UInt8](repeating: 10, count: 32))
        let future = Timestamp.now().adding(nanoseconds: 48 * 3_600 * 1_000_000_000)
        let value = Array("/ipfs/bafkqaddwgevxmmraojswg33smq".utf8)
        let good = try! Record.create(key: key, value: value, sequence: 5, validity: future, ttl: 3_600_000_000_000)
        let sha256Name = try Name(multihash: Multihash(code: Multihash.sha2_256, digest: Sodium.sha256(key.publicKey.protobuf)))

        func signed(_ data: RecordData, by signer: PrivateKey = key, legacy: Bool = true) -> [UInt8] {
            var e = IPNSEntry()
            if legacy {
                e.value = data.value
                e.validity = data.validity
                e.validityType = data.validityType
                e.sequence = data.sequence
                e.ttl = data.ttl
                e.signatureV1 = signer.sign(data.value + data.validity + Array("EOL".utf8))
            }
            e.data = data.cbor
            e.signatureV2 = signer.sign(Record.signatureV2Prefix + data.cbor)
            return e.bytes
        }
        func edited(_ edit: (inout IPNSEntry) -> Void) -> [UInt8] {
            var e = good.entry
            edit(&e)
            return e.bytes
        }
        let cases: [(label: String, bytes: [UInt8], name: Name, expected: String?)] = [
            ("good", good.bytes, key.name, nil),
            ("good for sha2-256 name with pubKey", edited { $0.pubKey = key.publicKey.protobuf }, sha256Name, nil),
            ("V2 only", signed(RecordData(value: value, validity: Array(future.rfc3339.utf8), sequence: 1, ttl: 1), legacy: false), key.name, nil),
            ("too large", signed(RecordData(value: Array(repeating: 0x61, count: 10_100), validity: Array(future.rfc3339.utf8), sequence: 1, ttl: 1)),
             key.name, "record_too_large"),
            ("V1 only", edited { $0.signatureV2 = nil; $0.data = nil }, key.name, "signature_v2_missing"),
            ("empty signatureV2", edited { $0.signatureV2 = [] }, key.name, "signature_v2_missing"),
            ("no data", edited { $0.data = nil }, key.name, "data_missing"),
            ("flipped signatureV2", edited { $0.signatureV2![10] ^= 0x40 }, key.name, "signature_v2_invalid"),
            ("signed by another key", good.bytes, other.name, "signature_v2_invalid"),
            ("pubKey of another key, sha2-256 name", edited { $0.pubKey = other.publicKey.protobuf }, sha256Name, "key_mismatch"),
            ("pubKey of another key, embedded name", edited { $0.pubKey = other.publicKey.protobuf }, key.name, "pubkey_invalid"),
            ("sha2-256 name, no pubKey", good.bytes, sha256Name, "public_key_missing"),
            ("legacy sequence differs", edited { $0.sequence = 6 }, key.name, "pb_cbor_mismatch"),
            ("legacy value differs", edited { $0.value = Array("/ipfs/other".utf8) }, key.name, "pb_cbor_mismatch"),
            ("validity type 1",
             signed(RecordData(value: value, validity: Array(future.rfc3339.utf8), validityType: 1, sequence: 1, ttl: 1)),
             key.name, "unsupported_validity_type"),
            ("validity not RFC 3339", signed(RecordData(value: value, validity: Array("tomorrow".utf8), sequence: 1, ttl: 1)),
             key.name, "invalid_validity"),
            ("expired", try! Record.create(key: key, value: value, sequence: 1, validity: Timestamp(seconds: 1_000_000_000), ttl: 1).bytes,
             key.name, "expired"),
            ("expired, offset form", signed(RecordData(value: value, validity: Array("2001-09-09T03:46:40.5+02:00".utf8), sequence: 1, ttl: 1)), key.name, "expired"),
            ("truncated", Array(good.bytes.dropLast(3)), key.name, "malformed_record"),
        ]
        var items: [Reference.Item] = []
        for (i, c) in cases.enumerated() {
            let file = dir.appendingPathComponent("bad-\(i).ipns-record")
            try Data(c.bytes).write(to: file)
            items.append(.init(file: file.path, name: c.name.description))
        }
        let verdicts = try Reference.verifyBatch(items, in: dir)
        try #require(verdicts.count == cases.count)
        for (c, verdict) in zip(cases, verdicts) {
            let ours = Reference.namectlVerdict(c.bytes, name: c.name.description)
            #expect(ours == c.expected, "\(c.label): namectl says \(ours ?? "valid")")
            #expect(verdict.error == c.expected, "\(c.label): reference says \(verdict.error ?? "valid") \(verdict.reason ?? "")")
            #expect(verdict.valid == (c.expected == nil), "\(c.label)")
        }
    }

    // MARK: reference → namectl

    @Test func namectlGivesTheReferenceVerdictForEveryReferenceMadeRecord() throws {
        let dir = try Reference.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = try Reference.run(["suite", "--seed", String(repeating: "11", count: 32), "--other-seed", String(repeating: "22", count: 32),
                                     "--out", dir.path])
        let summary = try JSONDecoder().decode(Reference.SuiteSummary.self, from: out)
        #expect(summary.failures.isEmpty, "reference disagrees with its own variant table: \(summary.failures)")
        let manifest = try JSONDecoder().decode([Reference.SuiteEntry].self, from: Data(contentsOf: URL(fileURLWithPath: summary.manifest)))
        #expect(manifest.count == summary.count)

        let mustCover: Set<String> = [
            "record_too_large", "malformed_record", "signature_v2_missing", "data_missing", "invalid_data", "signature_v2_invalid",
            "key_mismatch", "pubkey_invalid", "public_key_missing", "pb_cbor_mismatch", "unsupported_validity_type",
            "invalid_validity", "expired",
        ]
        #expect(mustCover.isSubset(of: Set(manifest.compactMap(\.expectedError))), "the suite must cover every rejection reason")
        let mustBeValid: Set<String> = [
            "v1v2", "v2_only", "v2_only_stale_legacy", "noncanonical_cbor_order", "extra_cbor_key", "binary_value", "max_ttl",
            "max_sequence", "broken_signature_v1", "validity_offset", "size_10240",
        ]
        #expect(mustBeValid.isSubset(of: Set(manifest.filter { $0.expectedError == nil }.map(\.variant))))

        for entry in manifest {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: entry.file)))
            let ours = Reference.namectlVerdict(bytes, name: entry.name)
            #expect(ours == entry.expectedError, "\(entry.variant) (\(entry.description)): namectl says \(ours ?? "valid")")
            #expect(entry.reference.error == entry.expectedError, "\(entry.variant): reference says \(entry.reference.error ?? "valid")")
            guard entry.expectedError == nil, ours == nil else { continue }
            let record = try Record(bytes: bytes)
            #expect(record.value.map(Reference.hex) == entry.reference.valueHex, "\(entry.variant): value")
            #expect(record.sequence == entry.reference.sequence, "\(entry.variant): sequence")
            #expect(record.ttl == entry.reference.ttl, "\(entry.variant): ttl")
            #expect(record.validityBytes.map { String(decoding: $0, as: UTF8.self) } == entry.reference.validity, "\(entry.variant): validity")
            let key = try record.verificationKey(for: Name(entry.name))
            #expect(record.signatureV1Valid(key: key) == entry.reference.signatureV1Valid, "\(entry.variant): signatureV1Valid")
        }
    }

    @Test func referenceCanBeDrivenRecordByRecord() throws {
        let dir = try Reference.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let seed = String(repeating: "33", count: 32)
        let file = dir.appendingPathComponent("one.ipns-record")
        let created = try JSONDecoder().decode(Reference.Created.self, from: Reference.run([
            "create", "--seed", seed, "--value-hex", "00ff2f697066732f", "--sequence", "18446744073709551615",
            "--ttl", "3155760000000000000", "--variant", "v2_only", "-o", file.path,
        ]))
        let key = try PrivateKey(seed: [UInt8](repeating: 0x33, count: 32))
        #expect(created.name == key.name.description, "reference derives the same name from the seed")
        let record = try RecordValidator.standard.validate(bytes: [UInt8](Data(contentsOf: file)), for: key.name).record
        #expect(record.value == [0x00, 0xff, 0x2f, 0x69, 0x70, 0x66, 0x73, 0x2f])
        #expect(record.sequence == UInt64.max)
        #expect(record.ttl == 3_155_760_000_000_000_000)
        #expect(record.entry.value == nil && record.entry.signatureV1 == nil, "V2-only records carry no legacy fields")
    }

    // MARK: shared spec vectors

    @Test func referenceAndNamectlAgreeWithTheSpecVectors() throws {
        let dir = Reference.repositoryRoot.appendingPathComponent("Tests/Vectors/ipns")
        let manifest = try JSONDecoder().decode([Reference.VectorEntry].self, from: Data(contentsOf: dir.appendingPathComponent("manifest.json")))
        try #require(!manifest.isEmpty)
        let items = manifest.map { Reference.Item(file: dir.appendingPathComponent($0.file).path, name: $0.name) }
        let verdicts = try Reference.verifyBatch(items, in: dir)
        try #require(verdicts.count == manifest.count)
        for (vector, verdict) in zip(manifest, verdicts) {
            let bytes = try [UInt8](Data(contentsOf: dir.appendingPathComponent(vector.file)))
            #expect(verdict.valid == (vector.expected == "valid"), "\(vector.file): reference")
            #expect(verdict.error == vector.reason, "\(vector.file): reference says \(verdict.error ?? "valid")")
            #expect(Reference.namectlVerdict(bytes, name: vector.name) == vector.reason, "\(vector.file): namectl")
            if vector.expected == "valid" {
                #expect(verdict.value == vector.value)
                #expect(verdict.sequence == vector.sequence)
            }
        }
    }
}

/// Runs `Tests/Interop/ipns_reference.py` and decodes what it prints.
enum Reference {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Item: Codable { let file: String; let name: String }

    struct Verdict: Codable {
        let valid: Bool
        let error: String?
        let reason: String?
        let value: String?
        let valueHex: String?
        let sequence: UInt64?
        let ttl: UInt64?
        let validity: String?
        let signatureV1Valid: Bool?
        let size: Int
    }

    struct SuiteSummary: Codable { let manifest: String; let count: Int; let failures: [String] }

    struct SuiteEntry: Codable {
        let variant: String
        let description: String
        let file: String
        let name: String
        let expectedError: String?
        let reference: Verdict
    }

    struct Created: Codable { let name: String; let size: Int }

    struct VectorEntry: Codable {
        let file: String
        let name: String
        let expected: String
        let reason: String?
        let value: String?
        let sequence: UInt64?
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("namectl-interop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Runs the script with `arguments`; returns stdout. Exit status 0 required.
    static func run(_ arguments: [String]) throws -> Data {
        try PythonScript.run("ipns_reference.py", arguments)
    }

    static func verifyBatch(_ items: [Item], in dir: URL) throws -> [Verdict] {
        // The list goes to the temporary directory, never beside the records (which may be the repository's vectors).
        let list = FileManager.default.temporaryDirectory.appendingPathComponent("namectl-batch-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: list) }
        try JSONEncoder().encode(items).write(to: list)
        return try JSONDecoder().decode([Verdict].self, from: run(["verify-batch", list.path]))
    }

    /// namectl's verdict for `bytes` under `name`: `nil` when valid, else the error code string.
    static func namectlVerdict(_ bytes: [UInt8], name text: String) -> String? {
        let name: Name
        do { name = try Name(text) } catch { return error.code.rawValue }
        do {
            try RecordValidator.standard.validate(bytes: bytes, for: name)
            return nil
        } catch {
            return error.code.rawValue
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0xf)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
