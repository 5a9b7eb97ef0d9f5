import Foundation
import NameKeys
import NameRecord
import NamectlTestSupport
@testable import PrivateNames
import Testing

/// Cross-checks against `Tests/Interop/private_names.py`, an independent implementation (Python
/// integers for scalars, PyNaCl's low-level point operations and AEAD, Bech32m from BIP 350, and
/// `ipns_reference.py` for the record), in both directions.
@Suite struct PythonReferenceTests {
    @Test func derivationSigningAndAddressesAgree() throws {
        let seeds: [[UInt8]] = (0..<4).map { (i: Int) -> [UInt8] in (0..<32).map { (j: Int) -> UInt8 in UInt8((j * 37 + i * 101) & 0xff) } }
        let labels = ["friends", "天下無敵", "cafe\u{301}", String(repeating: "k", count: 63)]
        let message = Array("ipns-signature:any message".utf8)
        var requests: [[String: Any]] = []
        for (seed, label) in zip(seeds, labels) {
            requests.append(["op": "derive", "seed": hex(seed), "label": label])
            requests.append(["op": "sign", "seed": hex(seed), "label": label, "message": hex(message)])
        }
        let answers = try Self.batch(requests)
        for (i, (seed, label)) in zip(seeds, labels).enumerated() {
            let owner = try PrivateKey(seed: seed)
            let key = PrivateNameKey(owner: owner, label: try PrivateLabel(label))
            let derived = answers[2 * i], signed = answers[2 * i + 1]
            #expect(derived["ownerKey"] as? String == hex(owner.publicKey.data))
            #expect(derived["blindedKey"] as? String == hex(key.signingKey.publicKey.data), "label \(label)")
            #expect(derived["scalarBE"] as? String == hex(key.signingKey.scalarBigEndianForTesting()))
            #expect(derived["blindedName"] as? String == key.address.blindedName.description)
            #expect(derived["address"] as? String == key.address.description)
            #expect(signed["signature"] as? String == hex(key.signingKey.sign(message)))
        }
    }

    @Test func referenceValidatesAndDecryptsNamectlRecords() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let owner = PrivateKey.generate()
        let inADay = Timestamp.now().adding(nanoseconds: 86_400 * 1_000_000_000)
        let values: [[UInt8]] = [Array("/ipfs/bafkqaddwgevxmmraojswg33smq".utf8), [], Array(0...255), Array("/ipns/k51qzi5uqu5dlcv6z0xhsrlf5pwha6nht8pkef09yh4l34odbpj7pu2zywbpub".utf8)]
        var requests: [[String: Any]] = []
        var keys: [PrivateNameKey] = []
        for (i, value) in values.enumerated() {
            let key = PrivateNameKey(owner: owner, label: try PrivateLabel("label-\(i)"))
            let record = try key.createRecord(value: value, sequence: UInt64(i), validity: inADay, ttl: 60_000_000_000)
            let file = dir.appendingPathComponent("\(i).ipns-record")
            try Data(record.bytes).write(to: file)
            requests.append(["op": "open", "address": key.address.description, "record": file.path])
            keys.append(key)
        }
        // The wrong label, and a record whose ciphertext was altered and re-signed, fail there too.
        let wrong = PrivateNameKey(owner: owner, label: try PrivateLabel("label-1"))
        requests.append(["op": "open", "address": wrong.address.description, "record": dir.appendingPathComponent("0.ipns-record").path])
        var altered = try keys[0].createRecord(value: values[0], sequence: 9, validity: inADay, ttl: 1).value!
        altered[30] ^= 1
        let resigned = try Record.create(key: keys[0].signingKey, value: altered, sequence: 9, validity: inADay, ttl: 1)
        try Data(resigned.bytes).write(to: dir.appendingPathComponent("altered.ipns-record"))
        requests.append(["op": "open", "address": keys[0].address.description, "record": dir.appendingPathComponent("altered.ipns-record").path])

        let answers = try Self.batch(requests)
        for (i, value) in values.enumerated() {
            #expect(answers[i]["valid"] as? Bool == true, "\(i): \(answers[i])")
            #expect(answers[i]["value"] as? String == hex(value))
            #expect(answers[i]["blindedName"] as? String == keys[i].address.blindedName.description)
        }
        #expect(answers[values.count]["error"] as? String == "signature_v2_invalid")
        #expect(answers[values.count + 1]["error"] as? String == "decryption_failed")
    }

    @Test func namectlValidatesAndDecryptsReferenceRecords() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let seed = PrivateKey.generate().withSeed { hex($0) }
        let validity = Timestamp.now().adding(nanoseconds: 3_600 * 1_000_000_000).rfc3339
        let value = Array("/ipfs/bafkqaddwgevxmmraojswg33smq/a b".utf8)
        let file = dir.appendingPathComponent("py.ipns-record")
        let made = try Self.batch([["op": "create", "seed": seed, "label": "besties", "value": hex(value), "sequence": 7,
                                    "validity": validity, "ttl": 1_000, "file": file.path]])[0]
        let address = try PrivateAddress(try #require(made["address"] as? String))
        #expect(address.blindedName.description == made["blindedName"] as? String)
        let record = try RecordValidator.standard.validate(bytes: Array(try Data(contentsOf: file)), for: address.blindedName)
        #expect(record.sequence == 7)
        #expect(try address.value(of: record) == value)
        #expect(throws: PrivateNameError(.decryptionFailed, "")) {
            try PrivateAddress(owner: address.owner, label: PrivateLabel("Besties")).value(of: record)
        }
    }

    @Test func referenceRejectsTheAddressesNamectlRejects() throws {
        let good = try PrivateAddress(owner: PrivateKey.generate().name, label: PrivateLabel("friends")).description
        var typo = Array(good)
        typo[20] = typo[20] == "q" ? "p" : "q"
        let answers = try Self.batch([["op": "parse", "address": good], ["op": "parse", "address": String(typo)],
                                      ["op": "parse", "address": good.uppercased()]])
        #expect(answers[0]["label"] as? String == "friends")
        #expect(answers[1]["error"] as? String == "checksum")
        #expect(answers[2]["label"] as? String == "friends")
        #expect(throws: PrivateNameError(.addressChecksum, "")) { try PrivateAddress(String(typo)) }
    }

    // MARK: running the script

    struct Failure: Error, CustomStringConvertible { let description: String }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("namectl-private-py-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Runs one batch of requests through the script (one Python process) and returns its answers.
    static func batch(_ requests: [[String: Any]]) throws -> [[String: Any]] {
        let list = FileManager.default.temporaryDirectory.appendingPathComponent("namectl-private-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: list) }
        try JSONSerialization.data(withJSONObject: requests).write(to: list)
        let out = try PythonScript.run("private_names.py", ["batch", list.path])
        guard let answers = try JSONSerialization.jsonObject(with: out) as? [[String: Any]], answers.count == requests.count else {
            throw Failure(description: "private_names.py answered \(String(decoding: out, as: UTF8.self))")
        }
        return answers
    }
}
