import Foundation
import Testing

/// `inspect --json` prints exactly one JSON object for every outcome, with the documented exit code.
@Suite(.serialized)
struct CLIInspectJSONTests {
    static let name = "k51qzi5uqu5dlkw8pxuw9qmqayfdeh4kfebhmreauqdc6a7c3y7d5i9fi8mk9w"

    /// The whole of stdout parsed as one JSON object (fails on none, on two, or on trailing text).
    static func onlyObject(_ r: CLIRunner.Result) throws -> [String: Any] {
        let data = Data(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw CLIFailure(result: r) }
        return object
    }

    /// A protobuf field (number 99, length-delimited) of `count` zero bytes, which record decoders skip.
    static func unknownField(totalBytes: Int) -> [UInt8] {
        // Tag 99<<3|2 = 794 → 0x9a 0x06; a length below 16384 takes two varint bytes.
        let payload = totalBytes - 4
        return [0x9a, 0x06, UInt8(payload & 0x7f) | 0x80, UInt8(payload >> 7)] + [UInt8](repeating: 0, count: payload)
    }

    @Test func aDecodableRecordOverTenKiBIsInvalidRecordTooLargeWithExit3() throws {
        let cli = CLIRunner()
        let name = try cli.genKey("k")
        let file = cli.home + "/k.ipns-record"
        #expect(try cli.run("record", "create", "--key", "k", "--value", "/ipfs/bafkqaddwgevxmmraojswg33smq", "--sequence", "7", "-o", file).status == 0)
        let signed = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        let padded = signed + Self.unknownField(totalBytes: 10241 - signed.count)
        #expect(padded.count == 10241)
        let big = cli.home + "/big.ipns-record"
        try Data(padded).write(to: URL(fileURLWithPath: big))

        let r = try cli.run("inspect", big, "--name", name, "--json")
        #expect(r.status == 3)
        let report = try Self.onlyObject(r)
        #expect(report["valid"] as? Bool == false)
        #expect(report["error"] as? String == "record_too_large")
        #expect(report["size"] as? Int == 10241)
        #expect(report["sequence"] as? Int == 7)
        #expect(report["value"] as? String == "/ipfs/bafkqaddwgevxmmraojswg33smq")

        // One byte less is a valid record.
        let fits = cli.home + "/fits.ipns-record"
        try Data(signed + Self.unknownField(totalBytes: 10240 - signed.count)).write(to: URL(fileURLWithPath: fits))
        let ok = try cli.run("inspect", fits, "--name", name, "--json")
        #expect(ok.status == 0)
        #expect(try Self.onlyObject(ok)["valid"] as? Bool == true)
    }

    @Test func everyFailurePrintsOneJSONObject() throws {
        let cli = CLIRunner()
        let garbage = cli.home + "/garbage.ipns-record"
        try Data([0x0a, 0xff, 0xff, 0xff]).write(to: URL(fileURLWithPath: garbage))
        let bigGarbage = cli.home + "/zeros.ipns-record"
        try Data(repeating: 0, count: 20_000).write(to: URL(fileURLWithPath: bigGarbage))
        let huge = cli.home + "/huge.ipns-record"
        try Data(repeating: 0, count: 100_000).write(to: URL(fileURLWithPath: huge))
        let cases: [(args: [String], status: Int32, error: String)] = [
            (["inspect", garbage, "--name", Self.name, "--json"], 2, "malformed_record"),
            (["inspect", bigGarbage, "--name", Self.name, "--json"], 2, "record_too_large"),
            (["inspect", huge, "--name", Self.name, "--json"], 2, "record_too_large"),
            (["inspect", cli.home + "/missing.ipns-record", "--json"], 1, "file_not_found"),
            (["inspect", garbage, "--name", "k51notaname", "--json"], 2, "malformed_record"),
            (["inspect", "--json"], 2, "usage"),
            (["inspect", garbage, "--json", "--bogus"], 2, "usage"),
            (["--json", "inspect"], 2, "usage"),
        ]
        for c in cases {
            let r = try cli.run(c.args)
            #expect(r.status == c.status, "\(c.args): \(r.stderr)")
            let object = try Self.onlyObject(r)
            #expect(object["valid"] as? Bool == false, "\(c.args)")
            #expect(object["error"] as? String == c.error, "\(c.args): \(r.stdout)")
            #expect((object["reason"] as? String)?.isEmpty == false, "\(c.args)")
            #expect(!r.stderr.isEmpty, "\(c.args): the message still goes to stderr")
        }
    }

    @Test func aBadNameOrNoNameIsOneJSONObjectToo() throws {
        let cli = CLIRunner()
        _ = try cli.genKey("k")
        let file = cli.home + "/record.bin"
        #expect(try cli.run("record", "create", "--key", "k", "--value", "/ipfs/bafkqaddwgevxmmraojswg33smq", "-o", file).status == 0)
        let badName = try cli.run("inspect", file, "--name", "k51notaname", "--json")
        #expect(badName.status == 2)
        #expect(try Self.onlyObject(badName)["error"] as? String == "invalid_name")
        let noName = try cli.run("inspect", file, "--json")
        #expect(noName.status == 2)
        let report = try Self.onlyObject(noName)
        #expect(report["error"] as? String == "name_required")
        #expect(report["sequence"] as? Int == 0)
    }
}
