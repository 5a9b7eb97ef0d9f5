import Foundation
import Libp2p
import NameKeys
import NameRecord
import NamectlTestSupport
import Testing
@testable import NameAmino

/// The namectl binary (a fresh process, a fresh home) on loopback swarms of real Kubo nodes, with
/// py-libp2p as the other client: what `publish --amino` stores is what Kubo serves, what another
/// client put is what `resolve --amino` finds, an invalid record loses to a valid one, dead and
/// departing peers do not stop a resolution, and the daemon with `--amino` serves and re-puts.
@Suite(.serialized) struct CLIAminoTests {
    static func namectl(_ home: String, _ args: [String], environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        try NamectlBinary.run(home: home, args, environment: environment)
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }

    /// A new unencrypted key in `home`; returns its name.
    static func newKey(_ home: String) throws -> Name {
        try Name(try namectl(home, ["key", "gen", "k", "--insecure-no-passphrase"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// PUTs a record made by the Python reference implementation for `seed`'s name into `node` with
    /// py-libp2p (another client than namectl); returns the record's bytes and the name.
    static func putByAnotherClient(_ python: InteropHelper, node: KuboSwarm.Node, seed: [UInt8], value: String, sequence: Int) async throws -> (record: [UInt8], name: Name) {
        let put = try await python.call(["cmd": "put_ipns", "addr": node.address, "seed": seed.hex,
                                         "value": value, "sequence": sequence, "protocol": KadProtocol.lan.rawValue])
        #expect(put["ok"] as? Bool == true, "\(put)")
        return ([UInt8](hex: put["record"] as? String ?? ""), try PrivateKey(seed: seed).name)
    }

    /// An address nothing listens on, with a peer ID nobody has.
    static let deadPeer = "/ip4/127.0.0.1/tcp/1/p2p/\(IdentityKey.generate().peerID)"

    @Test func publishIsStoredByTheClosestKuboNodesAsNamectlSignedIt() async throws {
        let swarm = try await SharedSwarm.get()
        let home = NamectlBinary.temporaryHome("namectl-cliamino")
        let name = try Self.newKey(home)
        let publish = try Self.namectl(home, ["publish", "k", "bafkqaddwgevxmmraojswg33smq", "--amino", "--amino-bootstrap", swarm.nodes[0].address, "--json"])
        #expect(publish.status == 0, "\(publish.stderr)")
        let report = try Self.json(publish.stdout)
        let transports = report["transports"] as? [[String: Any]] ?? []
        #expect(transports.count == 1)
        #expect(transports.first?["kind"] as? String == "amino")
        #expect(transports.first?["endpoint"] as? String == "wan+lan")
        #expect(transports.first?["ok"] as? Bool == true)
        // k = 20 > 6 nodes: every node is among the closest, and boxo's validator accepted the record.
        #expect((report["amino"] as? [String: Int]) == ["stored": swarm.nodes.count, "closest": swarm.nodes.count])

        // The peer identity was created in the home, 0600.
        let mode = try FileManager.default.attributesOfItem(atPath: home + "/amino/identity.key")[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)

        // Each Kubo node hands py-libp2p exactly the bytes namectl signed.
        let exported = home + "/record.bin"
        #expect(try Self.namectl(home, ["record", "export", "k", "-o", exported]).status == 0)
        let signed = [UInt8](try Data(contentsOf: URL(fileURLWithPath: exported)))
        let python = try await InteropHelper(script: "kad_client.py")
        defer { python.close() }
        for node in swarm.nodes {
            let answer = try await python.call(["cmd": "get", "addr": node.address, "key": name.routingKey.hex, "protocol": KadProtocol.lan.rawValue])
            #expect(answer["value"] as? String == signed.hex, "\(node.id): \(answer)")
        }
    }

    @Test func resolveFindsARecordAnotherClientPutWithDefaultsFromTheEnvironment() async throws {
        let swarm = try await SharedSwarm.get()
        let python = try await InteropHelper(script: "kad_client.py")
        defer { python.close() }
        let (_, name) = try await Self.putByAnotherClient(python, node: swarm.nodes[4], seed: [UInt8](repeating: 0x3c, count: 32),
                                                          value: "/ipfs/bafkqaddwgevxmmraojswg33smq", sequence: 4)

        let home = NamectlBinary.temporaryHome("namectl-cliamino")
        let environment = ["NAMECTL_AMINO": "1", "NAMECTL_AMINO_BOOTSTRAP": "\(Self.deadPeer),\(swarm.nodes[0].address)"]
        let resolve = try Self.namectl(home, ["resolve", "/ipns/\(name)/x", "--json"], environment: environment)
        #expect(resolve.status == 0, "\(resolve.stderr)")
        let resolved = try Self.json(resolve.stdout)
        #expect(resolved["value"] as? String == "/ipfs/bafkqaddwgevxmmraojswg33smq/x")
        #expect(resolved["sequence"] as? Int == 4)
        #expect((resolved["source"] as? [String: String]) == ["kind": "amino", "endpoint": "wan+lan"])

        let status = try Self.namectl(home, ["amino", "status", "--json"], environment: environment)
        #expect(status.status == 0, "\(status.stderr)")
        let s = try Self.json(status.stdout)
        #expect(s["lanPeers"] as? Int == swarm.nodes.count)
        #expect(s["wanPeers"] as? Int == 0)
        #expect(Set((s["lan"] as? [String: Any])?["peers"] as? [String] ?? []) == Set(swarm.nodes.map(\.id)))
        #expect((s["wan"] as? [String: Any])?["protocol"] as? String == KadProtocol.wan.rawValue)
        #expect((s["peerID"] as? String)?.hasPrefix("12D3KooW") == true)
    }

    @Test func anInvalidRecordFromOnePeerLosesToAValidOneFromAnother() async throws {
        let swarm = try await SharedSwarm.get()
        let python = try await InteropHelper(script: "kad_client.py")
        defer { python.close() }
        let (valid, name) = try await Self.putByAnotherClient(python, node: swarm.nodes[2], seed: [UInt8](repeating: 0x4d, count: 32),
                                                              value: "/ipfs/bafkqaaa", sequence: 1)
        // A far higher sequence, signed by a key that is not the name's.
        let forged = try makeRecord(PrivateKey.generate(), value: "/ipfs/forged", sequence: 100)
        let liar = try await FakeKadPeer { request, stream in
            try await stream.writeLengthPrefixed(KadMessage(type: request.type, key: request.key,
                                                            record: KadRecord(key: request.key, value: forged.bytes)).bytes)
            await stream.close()
        }
        defer { Task { await liar.close() } }

        // --stream waits for every peer, so the liar is surely asked and then corrected.
        let home = NamectlBinary.temporaryHome("namectl-cliamino")
        let resolve = try Self.namectl(home, ["resolve", name.description, "--stream", "--json", "--amino",
                                              "--amino-bootstrap", "\(liar.address),\(swarm.nodes[0].address)"])
        #expect(resolve.status == 0, "\(resolve.stderr)")
        let lines = resolve.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 1, "\(lines)")
        #expect(try Self.json(lines.first ?? "")["value"] as? String == "/ipfs/bafkqaaa")
        #expect(liar.received == [valid], "the liar was not corrected with the valid record")
    }

    @Test func resolveSurvivesDeadBootstrapAddressesAndNodesLeaving() async throws {
        let swarm = try await KuboSwarm(nodes: 6)
        defer { swarm.close() }
        let alice = NamectlBinary.temporaryHome("namectl-cliamino")
        let name = try Self.newKey(alice)
        let bootstrap = [Self.deadPeer, swarm.nodes[0].address, swarm.nodes[5].address].joined(separator: ",")
        let publish = try Self.namectl(alice, ["publish", "k", "/ipfs/bafkqaaa", "--amino", "--amino-bootstrap", bootstrap, "--json"])
        #expect(publish.status == 0, "\(publish.stderr)")

        // Two nodes leave, one of them the first bootstrap peer.
        for node in [0, 3] { #expect(try await swarm.stop(node: node)) }
        let bob = NamectlBinary.temporaryHome("namectl-cliamino")
        let resolve = try Self.namectl(bob, ["resolve", name.description, "--json", "--amino", "--amino-bootstrap", bootstrap])
        #expect(resolve.status == 0, "\(resolve.stderr)")
        #expect(try Self.json(resolve.stdout)["value"] as? String == "/ipfs/bafkqaaa")
        let status = try Self.namectl(bob, ["amino", "status", "--json", "--amino-bootstrap", bootstrap])
        #expect(try Self.json(status.stdout)["lanPeers"] as? Int == swarm.nodes.count - 2)
    }

    @Test func dnsaddrBootstrapResolvesThroughTheDNSStub() async throws {
        let swarm = try await SharedSwarm.get()
        let records = ["_dnsaddr.boot.test": ["dnsaddr=/dnsaddr/nested.boot.test"],
                       "_dnsaddr.nested.boot.test": [swarm.nodes[1].address, Self.deadPeer].map { "dnsaddr=" + $0 }]
        let dns = try await InteropHelper(script: "dnsaddr_server.py", arguments: [String(decoding: try JSONSerialization.data(withJSONObject: records), as: UTF8.self)])
        defer { dns.close() }
        let port = try #require(dns.ready["port"] as? Int)
        let home = NamectlBinary.temporaryHome("namectl-cliamino")
        let status = try Self.namectl(home, ["amino", "status", "--json", "--amino-bootstrap", "/dnsaddr/boot.test", "--dns-server", "127.0.0.1:\(port)"])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(try Self.json(status.stdout)["lanPeers"] as? Int == swarm.nodes.count)
        // A /p2p/ suffix keeps only that peer's entries: here none, so nobody answers.
        let filtered = try Self.namectl(home, ["amino", "status", "--amino-bootstrap", "/dnsaddr/boot.test/p2p/\(swarm.nodes[2].id)",
                                               "--dns-server", "127.0.0.1:\(port)"])
        #expect(filtered.status == 6, "\(filtered.stdout)")
    }

    @Test func keyRotateCarriesTheValueOverThroughAmino() async throws {
        let swarm = try await SharedSwarm.get()
        let bootstrap = ["--amino", "--amino-bootstrap", swarm.nodes[0].address]
        let alice = NamectlBinary.temporaryHome("namectl-cliamino")
        let old = try Self.newKey(alice)
        #expect(try Self.namectl(alice, ["publish", "k", "/ipfs/bafkqaaa"] + bootstrap).status == 0)
        let rotate = try Self.namectl(alice, ["key", "rotate", "k", "k2", "--insecure-no-passphrase", "--json"] + bootstrap)
        #expect(rotate.status == 0, "\(rotate.stderr)")
        let new = try #require(try Self.json(rotate.stdout)["new"] as? String)

        // A fresh home follows the old name through Amino to the new one and the carried-over value.
        let bob = NamectlBinary.temporaryHome("namectl-cliamino")
        let resolve = try Self.namectl(bob, ["resolve", old.description, "--json"] + bootstrap)
        #expect(resolve.status == 0, "\(resolve.stderr)")
        let resolved = try Self.json(resolve.stdout)
        #expect(resolved["value"] as? String == "/ipfs/bafkqaaa")
        #expect(resolved["hops"] as? [String] == ["/ipns/\(old)", "/ipns/\(new)", "/ipfs/bafkqaaa"])
    }

    @Test func badBootstrapAddressIsInvalidInput() throws {
        let home = NamectlBinary.temporaryHome("namectl-cliamino")
        for bad in ["/ip4/127.0.0.1/tcp/notaport", "/ip4/127.0.0.1/tcp/4001"] {
            let result = try Self.namectl(home, ["amino", "status", "--amino-bootstrap", bad])
            #expect(result.status == 2, "\(bad): \(result.stderr)")
            #expect(result.stderr.contains("--amino-bootstrap"))
        }
    }

    @Test func daemonResolvesFromAminoAndPutsRecordsItStoresIntoAmino() async throws {
        let swarm = try await SharedSwarm.get()
        let home = NamectlBinary.temporaryHome("namectl-cliamino")
        let (daemon, out, _) = NamectlBinary.process(home: home, ["daemon", "--listen", "127.0.0.1:0", "--no-republish",
                                                                  "--amino", "--amino-bootstrap", swarm.nodes[1].address])
        try daemon.run()
        defer { kill(daemon.processIdentifier, SIGKILL); daemon.waitUntilExit() }
        let listening = NamectlBinary.listeningAddress(stdout: out)
        let api = try #require(listening.url, "daemon did not report its address: \(listening.printed)")

        // A name only Amino knows (put there by py-libp2p): the daemon finds it for an empty home.
        let python = try await InteropHelper(script: "kad_client.py")
        defer { python.close() }
        let (_, name) = try await Self.putByAnotherClient(python, node: swarm.nodes[3], seed: [UInt8](repeating: 0x6b, count: 32),
                                                          value: "/ipfs/bafkqaaa", sequence: 2)
        let reader = NamectlBinary.temporaryHome("namectl-cliamino")
        let resolved = try Self.namectl(reader, ["resolve", name.description, "--api", api, "--json"])
        #expect(resolved.status == 0, "\(resolved.stderr)")
        #expect(try Self.json(resolved.stdout)["value"] as? String == "/ipfs/bafkqaaa")

        // A record published to the daemon over HTTP goes on into Amino.
        let alice = NamectlBinary.temporaryHome("namectl-cliamino")
        let aliceName = try Self.newKey(alice)
        #expect(try Self.namectl(alice, ["publish", "k", "bafkqaddwgevxmmraojswg33smq", "--api", api]).status == 0)
        var found = false
        for _ in 0..<50 where !found {
            let answer = try await python.call(["cmd": "get", "addr": swarm.nodes[2].address, "key": aliceName.routingKey.hex, "protocol": KadProtocol.lan.rawValue])
            found = answer["found"] as? Bool == true
            if !found { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(found, "the daemon did not put the record into Amino")
    }
}
