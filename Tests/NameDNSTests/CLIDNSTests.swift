import Foundation
import NamectlTestSupport
import Testing

/// The namectl binary against a real Knot: publish by RFC 2136 UPDATE + TSIG, resolve from a fresh
/// home through DNS only, and the zone/dnslink commands.
@Suite(.serialized)
struct CLIDNSTests {
    static func namectl(_ home: String, _ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try NamectlBinary.run(home: home, args)
    }

    static func home() -> String { NamectlBinary.temporaryHome("namectl-clidns") }

    @Test func publishByUpdateThenResolveFromAFreshHomeThroughDNSOnly() async throws {
        let zone = KnotServer.Zone(name: "cli.test", updatable: true)
        try await withKnot([zone]) { knot in
            let server = "127.0.0.1:\(knot.port)"
            let tsig = "hmac-sha256:\(KnotServer.tsigName):\(KnotServer.tsigSecret)"
            let alice = Self.home()
            let gen = try Self.namectl(alice, ["key", "gen", "site", "--insecure-no-passphrase"])
            #expect(gen.status == 0)
            let name = gen.stdout.trimmingCharacters(in: .whitespacesAndNewlines)

            let pub = try Self.namectl(alice, ["publish", "site", "bafkqaddwgevxmmraojswg33smq", "--dns-update", server,
                                               "--zone", "cli.test", "--tsig", tsig, "--json"])
            #expect(pub.status == 0, "\(pub.stderr)")
            let report = try JSONSerialization.jsonObject(with: Data(pub.stdout.utf8)) as? [String: Any]
            let transports = report?["transports"] as? [[String: Any]] ?? []
            #expect(transports.count == 1)
            #expect(transports.first?["kind"] as? String == "dns-update")
            #expect(transports.first?["endpoint"] as? String == server)
            #expect(transports.first?["ok"] as? Bool == true)

            // Bob has nothing locally; DNS alone carries the DNSLink and the signed record.
            let bob = Self.home()
            let r = try Self.namectl(bob, ["resolve", "/ipns/cli.test/a/b", "--dns-server", server, "--json"])
            #expect(r.status == 0, "\(r.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            #expect(json?["value"] as? String == "/ipfs/bafkqaddwgevxmmraojswg33smq/a/b")
            #expect((json?["source"] as? [String: Any])?["kind"] as? String == "dns")
            #expect(json?["name"] as? String == name)
            // …and has now stored the validated record, so the name resolves offline too.
            #expect(try Self.namectl(bob, ["resolve", name, "--offline"]).status == 0)

            let link = try Self.namectl(bob, ["dnslink", "cli.test", "--json", "--dns-server", server])
            #expect(link.stdout.contains("\"identifier\":\"\(name)\""))

            // A wrong TSIG secret: the transport fails and DNS is unchanged; the record stays local,
            // unconfirmed, and its sequence is used up.
            let wrong = "hmac-sha256:\(KnotServer.tsigName):d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldA=="
            let bad = try Self.namectl(alice, ["publish", "site", "/ipfs/QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8u",
                                               "--dns-update", server, "--zone", "cli.test", "--tsig", wrong])
            #expect(bad.status == 6)
            #expect(bad.stdout.contains("dns-update \(server): FAILED"))
            #expect(bad.stderr.contains("unconfirmed"))
            let kept = try Self.namectl(alice, ["resolve", name, "--offline", "--json"])
            #expect(kept.stdout.contains("\"sequence\":1"))
            let again = try Self.namectl(Self.home(), ["resolve", "/ipns/cli.test", "--dns-server", server])
            #expect(again.stdout == "/ipfs/bafkqaddwgevxmmraojswg33smq\n")

            // Several servers, as a real resolv.conf has them: a silent one and one answering
            // SERVFAIL ahead of Knot. The answer still comes, and well inside the silent one's timeout.
            let silent = try FakeDNSServer { _ in [] }
            let failing = try FakeDNSServer { query in [TestWire.response(to: query, rcode: 2)] }
            defer { silent.stop(); failing.stop() }
            let several = ["--dns-server", "127.0.0.1:\(silent.port)", "--dns-server", "127.0.0.1:\(failing.port)", "--dns-server", server]
            let many = try Self.namectl(Self.home(), ["resolve", "/ipns/cli.test", "--source-timeout", "20s"] + several)
            #expect(many.status == 0, "\(many.stderr)")
            #expect(many.stdout == "/ipfs/bafkqaddwgevxmmraojswg33smq\n")
        }
    }

    @Test func tamperedSignedRecordInDNSIsAnErrorNotAFallback() async throws {
        // A zone whose signed record was made for another name than its DNSLink names.
        let alice = Self.home()
        let a = try Self.namectl(alice, ["key", "gen", "a", "--insecure-no-passphrase"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try Self.namectl(alice, ["key", "gen", "b", "--insecure-no-passphrase"])
        _ = try Self.namectl(alice, ["publish", "b", "bafkqaddwgevxmmraojswg33smq"])
        let snippetB = try Self.namectl(alice, ["zone", "b", "--domain", "evil.test"]).stdout
        // Keep b's signed record but point the DNSLink at a.
        let lines = snippetB.split(separator: "\n").map { line -> String in
            line.contains("dnslink=") ? "_dnslink.evil.test. 300 IN TXT \"dnslink=/ipns/\(a)\"" : String(line)
        }
        let records = lines.map { $0.replacingOccurrences(of: "_dnslink.evil.test.", with: "_dnslink") }.joined(separator: "\n")
        try await withKnot([KnotServer.Zone(name: "evil.test", records: records)]) { knot in
            let r = try Self.namectl(Self.home(), ["resolve", "/ipns/evil.test", "--dns-server", "127.0.0.1:\(knot.port)"])
            #expect(r.status == 3, "\(r.stdout) \(r.stderr)")
            #expect(r.stderr.contains("no valid record for \(a)"), "\(r.stderr)")
        }
    }

    /// Starts `namectl daemon` in `home` on an ephemeral port; returns it and its URL.
    static func daemon(_ home: String) throws -> (Process, String) {
        let (p, out, _) = NamectlBinary.process(home: home, ["daemon", "--listen", "127.0.0.1:0", "--no-republish"])
        try p.run()
        var collected = Data()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            collected.append(chunk)
            if let text = String(data: collected, encoding: .utf8), let range = text.range(of: "http://127.0.0.1:[0-9]+", options: .regularExpression) {
                return (p, String(text[range]))
            }
        }
        p.terminate()
        throw KnotError("daemon did not report its address: \(String(decoding: collected, as: UTF8.self))")
    }

    @Test func aStaleSignedRecordInDNSIsOutrankedByANewerOneFromADaemon() async throws {
        let zone = KnotServer.Zone(name: "stale.test", updatable: true)
        try await withKnot([zone]) { knot in
            let server = "127.0.0.1:\(knot.port)"
            let tsig = "hmac-sha256:\(KnotServer.tsigName):\(KnotServer.tsigSecret)"
            let (daemon, url) = try Self.daemon(Self.home())
            defer { daemon.terminate(); daemon.waitUntilExit() }
            let alice = Self.home()
            let name = try Self.namectl(alice, ["key", "gen", "site", "--insecure-no-passphrase"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let first = try Self.namectl(alice, ["publish", "site", "/ipfs/bafkqaddwgevxmmraojswg33smq/old", "--dns-update", server,
                                                 "--zone", "stale.test", "--tsig", tsig])
            #expect(first.status == 0, "\(first.stderr)")
            // The next value goes to the daemon only: DNS still carries sequence 0, as a lagging cache would.
            let second = try Self.namectl(alice, ["publish", "site", "/ipfs/bafkqaddwgevxmmraojswg33smq/new", "--api", url])
            #expect(second.status == 0, "\(second.stderr)")
            let bob = Self.home()
            let r = try Self.namectl(bob, ["resolve", "/ipns/stale.test", "--dns-server", server, "--api", url, "--json"])
            #expect(r.status == 0, "\(r.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            #expect(json?["value"] as? String == "/ipfs/bafkqaddwgevxmmraojswg33smq/new")
            #expect(json?["sequence"] as? Int == 1)
            #expect(json?["name"] as? String == name)
            // Bob keeps the newer record: the stale DNS copy, now below what he has seen, never replaces it.
            let dnsOnly = try Self.namectl(bob, ["resolve", "/ipns/stale.test", "--dns-server", server, "--nocache"])
            #expect(dnsOnly.stdout == "/ipfs/bafkqaddwgevxmmraojswg33smq/new\n", "the local store still answers: \(dnsOnly.stderr)")
        }
    }

    @Test func aSlowDNSLinkChainIsBoundedByTimeoutAndResolvesWithEnoughOfIt() async throws {
        let handler: @Sendable ([UInt8]) -> [[UInt8]] = { query in
            usleep(1_200_000)
            let target: String? = switch TestWire.qname(query) {
            case "_dnslink.c1.test": "/ipns/c2.test"
            case "_dnslink.c2.test": "/ipns/c3.test"
            case "_dnslink.c3.test": "/ipfs/bafkqaddwgevxmmraojswg33smq"
            default: nil
            }
            guard let target else { return [TestWire.response(to: query, rcode: 3)] }
            return [TestWire.txtResponse(to: query, [[Array("dnslink=\(target)".utf8)]])]
        }
        try await withFakeServer(handler) { dns in
            let server = "127.0.0.1:\(dns.port)"
            let start = Date()
            let short = try Self.namectl(Self.home(), ["resolve", "/ipns/c1.test/x", "--dns-server", server, "--timeout", "2s"])
            let took = Date().timeIntervalSince(start)
            #expect(short.status == 6, "\(short.stdout) \(short.stderr)")
            #expect(short.stderr.contains("deadline"), "\(short.stderr)")
            #expect(took < 2.5, "the 2 s deadline was overrun: \(took) s")
            let long = try Self.namectl(Self.home(), ["resolve", "/ipns/c1.test/x", "--dns-server", server, "--timeout", "20s"])
            #expect(long.status == 0, "\(long.stderr)")
            #expect(long.stdout == "/ipfs/bafkqaddwgevxmmraojswg33smq/x\n")
        }
    }
}
