import Foundation
import Multiformats
import NameKeys
import NameRecord
import Testing

/// Replays every fuzz seed (`Fuzz/corpus/<target>/`) and every input a fuzzer ever flagged
/// (`Fuzz/regressions/<target>/`) through the same decoders and properties as the harnesses in
/// `Fuzz/<target>/main.swift`: no crash, only the documented typed errors, and exact round trips.
@Suite struct FuzzRegressionTests {
    static let fuzzDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz")

    /// Files under `Fuzz/corpus/<target>` and `Fuzz/regressions/<target>` (hidden files skipped).
    static func inputs(_ target: String) throws -> [(name: String, bytes: [UInt8])] {
        var out: [(String, [UInt8])] = []
        for kind in ["corpus", "regressions"] {
            let dir = fuzzDirectory.appendingPathComponent(kind).appendingPathComponent(target)
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { continue }
            for file in files.sorted() where !file.hasPrefix(".") {
                out.append(("\(kind)/\(target)/\(file)", try [UInt8](Data(contentsOf: dir.appendingPathComponent(file)))))
            }
        }
        return out
    }

    @Test func recordInputsDecodeOrFailWithADecodeError() throws {
        let inputs = try Self.inputs("record")
        try #require(!inputs.isEmpty, "Fuzz/corpus/record must hold seeds")
        let embeddedName = try Name("k51qzi5uqu5dlkw8pxuw9qmqayfdeh4kfebhmreauqdc6a7c3y7d5i9fi8mk9w")
        let hashedName = try Name(multihash: Multihash(code: Multihash.sha2_256, digest: [UInt8](repeating: 0xab, count: 32)))
        let contexts = [
            ValidationContext(name: embeddedName, now: Timestamp(seconds: 1_700_000_000), highestSeenSequence: 1),
            ValidationContext(name: hashedName, now: Timestamp(seconds: 1_700_000_000)),
        ]
        var decoded = 0
        for (file, bytes) in inputs {
            let record: Record
            do {
                record = try Record(bytes: bytes)
            } catch {
                #expect(error.code == .recordTooLarge || error.code == .malformedRecord, "\(file): Record(bytes:) threw \(error.code)")
                continue
            }
            decoded += 1
            #expect((try? IPNSEntry(bytes: record.entry.bytes)) == record.entry, "\(file): IPNSEntry round trip")
            if let d = record.data {
                let again = try RecordData(cbor: d.cbor)
                #expect(again.value == d.value && again.validity == d.validity && again.validityType == d.validityType
                    && again.sequence == d.sequence && again.ttl == d.ttl, "\(file): RecordData round trip")
            }
            for context in contexts {
                do {
                    try RecordValidator.standard.validate(record, in: context)
                } catch {
                    #expect(!error.reason.isEmpty, "\(file): \(error.code) without a reason")
                }
            }
            #expect(!RecordSelection.isPreferred(record, over: record), "\(file)")
        }
        #expect(decoded > 0, "at least one record seed must decode")
    }

    @Test func cidAndNameInputsRoundTripOrFailWithATypedError() throws {
        let inputs = try Self.inputs("cid")
        try #require(!inputs.isEmpty, "Fuzz/corpus/cid must hold seeds")
        var parsed = 0
        for (file, bytes) in inputs {
            let text = String(decoding: bytes, as: UTF8.self)
            if let cid = try? CID(text) {
                parsed += 1
                #expect((try? CID(cid.description)) == cid, "\(file): CID text round trip")
            }
            do {
                let (base, decoded) = try Multibase.decode(text)
                let encoded = base.encode(decoded)
                #expect((try? Multibase.decode(encoded))?.bytes == decoded, "\(file): multibase round trip")
                #expect(base == .base16 || encoded == text, "\(file): non-canonical multibase accepted")
            } catch {
                #expect(!error.reason.isEmpty, "\(file)")
            }
            do {
                let name = try Name(text)
                parsed += 1
                #expect((try? Name(name.description)) == name, "\(file): name round trip")
            } catch {
                #expect(!error.reason.isEmpty, "\(file)")
            }
            if let cid = try? CID(bytes: bytes) { #expect(cid.bytes == bytes, "\(file): binary CID round trip") }
            if let mh = try? Multihash(bytes: bytes) { #expect(mh.bytes == bytes, "\(file): multihash round trip") }
            var offset = 0
            if let v = try? Varint.decode(bytes, at: &offset) {
                #expect(Varint.encode(v) == Array(bytes[0..<offset]), "\(file): varint round trip")
            }
        }
        #expect(parsed > 0, "at least one CID or name seed must parse")
    }

    @Test func keyFileInputsRoundTripOrFailWithATypedError() throws {
        let inputs = try Self.inputs("keyfile")
        try #require(!inputs.isEmpty, "Fuzz/corpus/keyfile must hold seeds")
        var imported = 0
        for (file, bytes) in inputs {
            for format in [nil] + KeyFormat.allCases {
                let key: PrivateKey
                do {
                    key = try KeyFile.import(bytes, format: format)
                } catch {
                    #expect(!error.reason.isEmpty, "\(file): \(error.code) without a reason")
                    continue
                }
                imported += 1
                for out in KeyFormat.allCases {
                    let exported = KeyFile.export(key, format: out)
                    #expect(KeyFile.detectFormat(exported) == out, "\(file): exported \(out) detected as another format")
                    #expect((try? KeyFile.import(exported, format: out))?.publicKey == key.publicKey, "\(file): \(out) round trip")
                }
            }
        }
        #expect(imported > 0, "at least one key-file seed must import")
    }
}
