import NameDNS
import NameResolver
import NameRecord
import Testing

/// RFC 2136 UPDATE with TSIG against a real Knot.
@Suite struct DNSUpdateTests {
    static let zone = KnotServer.Zone(name: "upd.test", records: "_dnslink.site TXT \"dnslink=/ipfs/\(Fixtures.cid(9))\"", updatable: true)

    static var goodKey: TSIGKey { try! TSIGKey(name: KnotServer.tsigName, secret: KnotServer.tsigSecret) }

    @Test func publishReplacesLinkAndRecordAtomicallyThenResolves() async throws {
        try await withKnot([DNSUpdateTests.zone]) { knot in
            let value = "/ipfs/\(Fixtures.cid(4))"
            let first = Fixtures.record(value: value, sequence: 1)
            let publisher = DNSUpdatePublisher(server: knot.server, zone: "upd.test", key: DNSUpdateTests.goodKey)
            try await publisher.publish(try ZoneSnippet(domain: "site.upd.test", ttl: 60, name: Fixtures.key.name, signedRecord: first))
            let links = DNSLinkResolver(resolver: Fixtures.resolver(knot.port))
            let paths = dnsPathResolver(Fixtures.resolver(knot.port))
            var resolution = try await paths.resolve("/ipns/site.upd.test")
            #expect(resolution.sequence == 1 && resolution.value == value)
            #expect(try await links.lookup("site.upd.test").txt.count == 2)  // the old /ipfs/ link is gone

            // A second publish replaces both TXT records.
            let second = Fixtures.record(value: "/ipfs/\(Fixtures.cid(5))", sequence: 2)
            try await publisher.publish(try ZoneSnippet(domain: "site.upd.test", ttl: 60, name: Fixtures.key.name, signedRecord: second))
            resolution = try await paths.resolve("/ipns/site.upd.test")
            #expect(resolution.sequence == 2 && resolution.value == "/ipfs/\(Fixtures.cid(5))")
            #expect(try await links.lookup("site.upd.test").txt.count == 2)

            // Cross-check with kdig.
            let kdig = try KnotServer.run("kdig", ["@127.0.0.1", "-p", String(knot.port), "+short", "_dnslink.site.upd.test", "TXT"])
            #expect(kdig.contains("dnslink=\(Fixtures.key.name.path)"))

            // The path resolver goes domain → DNSLink → name → DNS-carried record → /ipfs/ path.
            let viaPath = try await paths.resolve("/ipns/site.upd.test/a/b")
            #expect(viaPath.value == "/ipfs/\(Fixtures.cid(5))/a/b")
            #expect(viaPath.source?.kind == "dns")
        }
    }

    @Test func wrongSecretOrKeyIsRejectedAndChangesNothing() async throws {
        try await withKnot([DNSUpdateTests.zone]) { knot in
            let snippet = try ZoneSnippet(domain: "site.upd.test", link: "/ipfs/\(Fixtures.cid(6))")
            let wrongSecret = try TSIGKey(name: KnotServer.tsigName, secret: "d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldC13cm9uZw==")
            await #expect(throws: DNSError(.updateNotAuthorized, "")) {
                try await DNSUpdatePublisher(server: knot.server, zone: "upd.test", key: wrongSecret).publish(snippet)
            }
            let wrongName = try TSIGKey(name: "other-key", secret: KnotServer.tsigSecret)
            await #expect(throws: DNSError(.updateNotAuthorized, "")) {
                try await DNSUpdatePublisher(server: knot.server, zone: "upd.test", key: wrongName).publish(snippet)
            }
            let result = try await DNSLinkResolver(resolver: Fixtures.resolver(knot.port)).resolve("site.upd.test")
            #expect(result.links["ipfs"] == [DNSLinkIdentifier(identifier: Fixtures.cid(9), ttl: 300)])
        }
    }

    @Test func updateOfAZoneTheServerDoesNotServeIsATypedError() async throws {
        try await withKnot([DNSUpdateTests.zone]) { knot in
            let snippet = try ZoneSnippet(domain: "site.other.test", link: "/ipfs/\(Fixtures.cid(6))")
            do {
                try await DNSUpdatePublisher(server: knot.server, zone: "other.test", key: DNSUpdateTests.goodKey).publish(snippet)
                Issue.record("UPDATE of an unserved zone succeeded")
            } catch let error as DNSError {
                #expect([DNSErrorCode.updateNotAuthorized, .updateRefused].contains(error.code))
            }
        }
    }
}
