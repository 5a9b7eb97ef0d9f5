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
            #expect(pub.stdout.contains("\"dns\":{\"ok\":true}"))

            // Bob has nothing locally; DNS alone carries the DNSLink and the signed record.
            let bob = Self.home()
            let r = try Self.namectl(bob, ["resolve", "/ipns/cli.test/a/b", "--dns-server", server, "--json"])
            #expect(r.status == 0, "\(r.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            #expect(json?["value"] as? String == "/ipfs/bafkqaddwgevxmmraojswg33smq/a/b")
            #expect(json?["source"] as? String == "dns")
            #expect(json?["name"] as? String == name)
            // …and has now stored the validated record, so the name resolves offline too.
            #expect(try Self.namectl(bob, ["resolve", name, "--offline"]).status == 0)

            let link = try Self.namectl(bob, ["dnslink", "cli.test", "--json", "--dns-server", server])
            #expect(link.stdout.contains("\"identifier\":\"\(name)\""))

            // A wrong TSIG secret: the transport fails and nothing changes locally or in DNS.
            let wrong = "hmac-sha256:\(KnotServer.tsigName):d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldA=="
            let bad = try Self.namectl(alice, ["publish", "site", "/ipfs/QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8u",
                                               "--dns-update", server, "--zone", "cli.test", "--tsig", wrong])
            #expect(bad.status == 6)
            #expect(bad.stdout.contains("dns: FAILED"))
            #expect(bad.stderr.contains("local state unchanged"))
            let still = try Self.namectl(alice, ["resolve", name, "--offline", "--json"])
            #expect(still.stdout.contains("\"sequence\":0"))
            let again = try Self.namectl(Self.home(), ["resolve", "/ipns/cli.test", "--dns-server", server])
            #expect(again.stdout == "/ipfs/bafkqaddwgevxmmraojswg33smq\n")
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
            #expect(r.stderr.contains("not valid for"))
        }
    }
}
