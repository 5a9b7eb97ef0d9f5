import Foundation
import NameKeys
import NameStore
import Testing

/// End-to-end runs of the real binary in a temporary home.
@Suite(.serialized)
struct CLIWorkflowTests {
    @Test func genPublishResolveRepublishResolve() throws {
        let cli = CLIRunner()
        let name = try cli.genKey("blog")
        #expect(name.hasPrefix("k51qzi5uqu5d"))
        let first = try cli.json("publish", "blog", "bafkqaddwgevxmmraojswg33smq")
        #expect(first["sequence"] as? Int == 0)
        #expect(first["value"] as? String == "/ipfs/bafkqaddwgevxmmraojswg33smq")
        #expect(try cli.run("resolve", "/ipns/\(name)/a/b").stdout == "/ipfs/bafkqaddwgevxmmraojswg33smq/a/b\n")
        let second = try cli.json("publish", name, "/ipfs/QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8u")
        #expect(second["sequence"] as? Int == 1)
        let resolved = try cli.json("resolve", name)
        #expect(resolved["value"] as? String == "/ipfs/QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8u")
        #expect(resolved["sequence"] as? Int == 1)
        #expect((resolved["source"] as? [String: Any])?["kind"] as? String == "local")
        #expect((resolved["validity"] as? String)?.hasSuffix("Z") == true)
        #expect(resolved["ttl"] as? Int == 3_600_000_000_000)
    }

    @Test func importOfAnOlderRecordIsRefusedEvenAfterTheCacheIsDeleted() throws {
        let alice = CLIRunner()
        let name = try alice.genKey("k")
        try alice.run("publish", "k", "bafkqaddwgevxmmraojswg33smq")
        let old = alice.home + "/old.ipns-record"
        #expect(try alice.run("record", "export", name, "-o", old).status == 0)
        try alice.run("publish", "k", "/ipfs/QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8u")
        let new = alice.home + "/new.ipns-record"
        try alice.run("record", "export", name, "-o", new)

        let bob = CLIRunner()
        #expect(try bob.run("record", "import", "--name", name, new).status == 0)
        let refused = try bob.run("record", "import", "--name", name, old)
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("older"))
        // Drop Bob's cached record; the highest-seen table still refuses the old one.
        try NameStore(path: bob.home + "/namectl.sqlite").forget(try Name(name))
        let again = try bob.run("record", "import", "--name", name, old)
        #expect(again.status == 3)
        #expect(again.stderr.contains("sequence 0") && again.stderr.contains("1"))
        #expect(try bob.run("resolve", name).status == 1)
        // Re-importing the newer one works and resolves.
        #expect(try bob.run("record", "import", "--name", name, new).status == 0)
        #expect(try bob.run("resolve", name).stdout.contains("QmWATWQ7"))
    }

    @Test func recordCreateMakesAFileInspectVerifies() throws {
        let cli = CLIRunner()
        let name = try cli.genKey("k")
        let file = cli.home + "/r.ipns-record"
        #expect(try cli.run("record", "create", "--key", "k", "--value", "/ipfs/bafkqaddwgevxmmraojswg33smq",
                            "--sequence", "42", "--lifetime", "2h", "--ttl", "30s", "-o", file).status == 0)
        let inspected = try cli.json("inspect", file, "--name", name)
        #expect(inspected["valid"] as? Bool == true)
        #expect(inspected["error"] is NSNull)
        #expect(inspected["sequence"] as? Int == 42)
        #expect(inspected["ttl"] as? Int == 30_000_000_000)
        #expect(inspected["signatureV1Valid"] as? Bool == true)
        #expect(inspected["hasSignatureV2"] as? Bool == true)
        let other = try cli.genKey("other")
        let wrong = try cli.run("inspect", file, "--name", other, "--json")
        #expect(wrong.status == 3)
        let obj = try JSONSerialization.jsonObject(with: Data(wrong.stdout.utf8)) as? [String: Any]
        #expect(obj?["valid"] as? Bool == false)
        #expect(obj?["error"] as? String == "signature_v2_invalid")
    }

    @Test func keysExportImportRenameRemoveAndRotate() throws {
        let cli = CLIRunner()
        let name = try cli.genKey("a")
        for format in ["libp2p-protobuf-cleartext", "pem-pkcs8-cleartext"] {
            let file = cli.home + "/a.\(format)"
            #expect(try cli.run("key", "export", "a", "-o", file, "--format", format).status == 0)
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            #expect(try cli.run("key", "export", "a", "-o", file).status == 2) // never overwritten
            let other = CLIRunner()
            let imported = try other.run("key", "import", "b", file, "--insecure-no-passphrase")
            #expect(imported.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == name)
        }
        #expect(try cli.run("key", "rename", "a", "b").status == 0)
        #expect(try cli.run("key", "rm", "b").status == 2) // no confirmation without a terminal
        let rotated = try cli.run("key", "rotate", "b", "c", "--insecure-no-passphrase")
        #expect(rotated.status == 0)
        let newName = try cli.json("key", "list")["keys"].flatMap { ($0 as? [[String: Any]])?.first { $0["label"] as? String == "c" }?["name"] as? String }
        let name2 = try #require(newName)
        // The old name forwards to the new one, which has no record yet…
        let pending = try cli.run("resolve", name)
        #expect(pending.status == 1)
        #expect(pending.stderr.contains(name2))
        // …until the new key publishes.
        #expect(try cli.run("publish", "c", "bafkqaddwgevxmmraojswg33smq").status == 0)
        let hop = try cli.json("resolve", name)
        #expect((hop["hops"] as? [String])?.contains("/ipns/\(name2)") == true)
        #expect(hop["value"] as? String == "/ipfs/bafkqaddwgevxmmraojswg33smq")
        #expect(try cli.run("key", "rm", "b", "--force").status == 0)
        #expect(try cli.run("key", "export", "b", "-o", cli.home + "/x").status == 1)
    }

    @Test func encryptedKeysAndWrongPassphrase() throws {
        var cli = CLIRunner()
        cli.environment["NAMECTL_PASSPHRASE"] = "right"
        #expect(try cli.run("key", "gen", "s").status == 0)
        let list = try cli.json("key", "list")
        #expect((list["keys"] as? [[String: Any]])?.first?["encrypted"] as? Bool == true)
        cli.environment["NAMECTL_PASSPHRASE"] = "wrong"
        let r = try cli.run("publish", "s", "bafkqaddwgevxmmraojswg33smq")
        #expect(r.status == 4)
        #expect(r.stderr.contains("wrong passphrase"))
        cli.environment["NAMECTL_PASSPHRASE"] = nil
        let pwFile = cli.home + "/pw"
        try "right\n".write(toFile: pwFile, atomically: true, encoding: .utf8)
        #expect(try cli.run("publish", "s", "bafkqaddwgevxmmraojswg33smq", "--passphrase-file", pwFile).status == 0)
        #expect(try cli.run("key", "gen", "t").status == 4) // no passphrase source, no terminal
    }
}
