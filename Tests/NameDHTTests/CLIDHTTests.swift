import Foundation
import NameKeys
import NamectlTestSupport
import Testing

/// The namectl binary on a loopback Mainline DHT of real libtorrent sessions: publish with one
/// home, resolve from another that has nothing locally.
@Suite(.serialized)
struct CLIDHTTests {
    static func namectl(_ home: String, _ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try NamectlBinary.run(home: home, args)
    }

    static func home() -> String { NamectlBinary.temporaryHome("namectl-clidht") }

    @Test func publishAndResolveOverLibtorrentNetwork() async throws {
        let lt = try LibtorrentNetwork(sessions: 8)
        defer { lt.close() }
        let bootstrap = lt.ports.prefix(3).map { "127.0.0.1:\($0)" }.joined(separator: ",")
        let alice = Self.home()
        let name = try Self.namectl(alice, ["key", "gen", "k", "--insecure-no-passphrase"]).1.trimmingCharacters(in: .whitespacesAndNewlines)
        let pub = try Self.namectl(alice, ["publish", "k", "bafkqaddwgevxmmraojswg33smq", "--dht", "--bootstrap", bootstrap, "--json"])
        #expect(pub.0 == 0, "\(pub.2)")
        #expect(pub.1.contains("\"transports\":[{\"endpoint\":\"mainline\",\"kind\":\"dht\",\"ok\":true}]"), "\(pub.1)")

        let bob = Self.home()
        let r = try Self.namectl(bob, ["resolve", "/ipns/\(name)/x", "--dht", "--bootstrap", bootstrap, "--source-timeout", "20", "--json"])
        #expect(r.0 == 0, "\(r.2)")
        let json = try JSONSerialization.jsonObject(with: Data(r.1.utf8)) as? [String: Any]
        #expect(json?["value"] as? String == "/ipfs/bafkqaddwgevxmmraojswg33smq/x")
        #expect((json?["source"] as? [String: Any])?["kind"] as? String == "dht")

        let status = try Self.namectl(bob, ["dht", "status", "--bootstrap", bootstrap, "--json"])
        #expect(status.0 == 0, "\(status.2)")
        let s = try JSONSerialization.jsonObject(with: Data(status.1.utf8)) as? [String: Any]
        #expect((s?["routingTableSize"] as? Int ?? 0) >= 3)
        #expect(s?["lastBootstrap"] is String)
    }

    /// A private publish is an ordinary BEP 44 item keyed and signed by the blinded key: libtorrent
    /// stores and serves it (verifying the blinded signature), the owner's key has no item, and a
    /// fresh home resolves the address through the DHT alone.
    @Test func privatePublishIsAnOrdinaryItemUnderTheBlindedKey() async throws {
        let lt = try LibtorrentNetwork(sessions: 8)
        defer { lt.close() }
        let bootstrap = lt.ports.prefix(3).map { "127.0.0.1:\($0)" }.joined(separator: ",")
        let alice = Self.home()
        let owner = try Self.namectl(alice, ["key", "gen", "k", "--insecure-no-passphrase"]).1.trimmingCharacters(in: .whitespacesAndNewlines)
        let pub = try Self.namectl(alice, ["publish", "k", "bafkqaddwgevxmmraojswg33smq", "--label", "friends", "--dht", "--bootstrap", bootstrap, "--json"])
        #expect(pub.0 == 0, "\(pub.2)")
        let published = try JSONSerialization.jsonObject(with: Data(pub.1.utf8)) as? [String: Any]
        #expect((published?["transports"] as? [[String: Any]])?.first { $0["kind"] as? String == "dht" }?["ok"] as? Bool == true)
        let address = try #require(published?["address"] as? String)
        let blinded = try Name(try #require(published?["name"] as? String))

        func hex(_ b: [UInt8]) -> String { b.map { String(format: "%02x", $0) }.joined() }
        let item = try await lt.call(["cmd": "get", "pk": hex(blinded.embeddedKey!.data), "salt": "ipns"])
        #expect(item["found"] as? Bool == true, "libtorrent holds the blinded key's item: \(item)")
        #expect(item["seq"] as? Int == 0)
        let ownerItem = try await lt.call(["cmd": "get", "pk": hex(try Name(owner).embeddedKey!.data), "salt": "ipns", "timeout": 5])
        #expect(ownerItem["found"] as? Bool == false)

        let bob = Self.home()
        let r = try Self.namectl(bob, ["resolve", address + "/x", "--dht", "--bootstrap", bootstrap, "--source-timeout", "20", "--json"])
        #expect(r.0 == 0, "\(r.2)")
        let json = try JSONSerialization.jsonObject(with: Data(r.1.utf8)) as? [String: Any]
        #expect(json?["value"] as? String == "/ipfs/bafkqaddwgevxmmraojswg33smq/x")
        #expect((json?["source"] as? [String: Any])?["kind"] as? String == "dht")
    }

    /// The owner's `namectl daemon --dht` keeps a private name alive on the DHT: it re-signs the
    /// record with the blinded key at a higher sequence and puts it as a BEP 44 item signed by the
    /// blinded key, which libtorrent verifies and stores in place of the old one.
    @Test func ownersDaemonResignsAPrivateNameIntoLibtorrent() async throws {
        let lt = try LibtorrentNetwork(sessions: 8)
        defer { lt.close() }
        let bootstrap = lt.ports.prefix(3).map { "127.0.0.1:\($0)" }.joined(separator: ",")
        let alice = Self.home()
        #expect(try Self.namectl(alice, ["key", "gen", "k", "--insecure-no-passphrase"]).status == 0)
        let pub = try Self.namectl(alice, ["publish", "k", "bafkqaddwgevxmmraojswg33smq", "--label", "friends", "--dht", "--bootstrap", bootstrap, "--json"])
        #expect(pub.status == 0, "\(pub.stderr)")
        let published = try JSONSerialization.jsonObject(with: Data(pub.stdout.utf8)) as? [String: Any]
        let address = try #require(published?["address"] as? String)
        let blinded = try Name(try #require(published?["name"] as? String))
        let pk = blinded.embeddedKey!.data.map { String(format: "%02x", $0) }.joined()

        let (daemon, out, _) = NamectlBinary.process(home: alice, ["daemon", "--listen", "127.0.0.1:0", "--republish-interval", "1s",
                                                                    "--dht", "--bootstrap", bootstrap])
        try daemon.run()
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL); daemon.waitUntilExit() } }
        #expect(NamectlBinary.listeningAddress(stdout: out).url != nil)
        var seq = 0
        let deadline = Date().addingTimeInterval(60)
        while seq < 1 && Date() < deadline {
            let item = try await lt.call(["cmd": "get", "pk": pk, "salt": "ipns", "timeout": 5])
            seq = item["seq"] as? Int ?? 0
            if seq < 1 { try await Task.sleep(for: .milliseconds(300)) }
        }
        #expect(seq >= 1, "libtorrent holds a re-signed item of the blinded key")

        let bob = Self.home()
        let r = try Self.namectl(bob, ["resolve", address, "--dht", "--bootstrap", bootstrap, "--source-timeout", "20", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(json?["value"] as? String == "/ipfs/bafkqaddwgevxmmraojswg33smq")
        #expect((json?["sequence"] as? Int ?? 0) >= 1)
    }
}
