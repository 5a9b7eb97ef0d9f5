import Foundation
import NameDNS
import NameRecord
import NameResolver
import Testing

@Suite struct ZoneSnippetTests {
    @Test func plainDNSLinkLineForAnIPFSValue() throws {
        let cid = Fixtures.cid(1)
        let snippet = try ZoneSnippet(domain: "example.com", ttl: 300, link: "/ipfs/\(cid)")
        #expect(snippet.render(.zone) == "_dnslink.example.com. 300 IN TXT \"dnslink=/ipfs/\(cid)\"\n")
        #expect(snippet.render(.nsupdate, zone: "example.com") == """
        zone example.com.
        update delete _dnslink.example.com. TXT
        update add _dnslink.example.com. 300 IN TXT "dnslink=/ipfs/\(cid)"
        send

        """)
        #expect(snippet.render(.json) == "{\"records\":[{\"name\":\"_dnslink.example.com.\",\"ttl\":300,\"type\":\"TXT\",\"strings\":[\"dnslink=/ipfs/\(cid)\"],\"value\":\"dnslink=/ipfs/\(cid)\"}]}\n")
    }

    @Test func signedRecordIsSplitIntoCharacterStringsOfAtMost255Bytes() throws {
        let record = Fixtures.record(value: "/ipfs/\(Fixtures.cid(2))")
        let snippet = try ZoneSnippet(domain: "example.com.", name: Fixtures.key.name, signedRecord: record)
        #expect(snippet.records.count == 2)
        let signed = snippet.records[1]
        #expect(signed.strings.count > 1)
        #expect(signed.strings.allSatisfy { $0.count <= 255 })
        #expect(try SignedRecordTXT.decode(signed.value) == record.bytes)
    }

    @Test func rejectsInvalidValuesAndForeignRecords() {
        #expect(throws: DNSError(.invalidValue, "")) { try ZoneSnippet(domain: "example.com", link: "ipfs/x") }
        #expect(throws: DNSError(.invalidValue, "")) { try ZoneSnippet(domain: "example.com", link: "/ipfs/not-a-cid") }
        #expect(throws: DNSError(.invalidDomain, "")) { try ZoneSnippet(domain: "a..b", link: "/ipfs/\(Fixtures.cid(1))") }
        let foreign = Fixtures.record(Fixtures.otherKey, value: "/ipfs/\(Fixtures.cid(1))")
        #expect(throws: DNSError(.invalidValue, "")) { try ZoneSnippet(domain: "example.com", name: Fixtures.key.name, signedRecord: foreign) }
    }

    @Test func snippetLoadsInKnotAndLdnsAndResolvesBack() async throws {
        let value = "/ipfs/\(Fixtures.cid(3))"
        let record = Fixtures.record(value: value, sequence: 5)
        let snippet = try ZoneSnippet(domain: "example.test", ttl: 300, name: Fixtures.key.name, signedRecord: record)
        let plain = try ZoneSnippet(domain: "plain.example.test", ttl: 120, link: value)
        let zone = KnotServer.Zone(name: "example.test", records: snippet.render(.zone) + plain.render(.zone))
        // ldns-read-zone accepts the generated zone file.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("namectl-snippet-\(UUID().uuidString).zone")
        defer { try? FileManager.default.removeItem(at: file) }
        try KnotServer.zoneFile(zone).write(to: file, atomically: true, encoding: .utf8)
        let parsed = try KnotServer.run("ldns-read-zone", [file.path])
        #expect(parsed.contains("ipns-record="))
        try await withKnot([zone]) { knot in
            // Knot's own checker accepts it (kzonecheck is not packaged in Debian's knot 3.2).
            _ = try knot.tool("knotc", ["zone-check", "example.test."])
            let resolution = try await dnsPathResolver(Fixtures.resolver(knot.port)).resolve("/ipns/example.test")
            #expect(resolution.sequence == record.sequence)
            #expect(resolution.name == Fixtures.key.name)
            #expect(resolution.value == value)
            #expect(resolution.source?.kind == "dns")
            let lookup = try await DNSLinkResolver(resolver: Fixtures.resolver(knot.port)).lookup("example.test")
            #expect(lookup.result.links["ipns"] == [DNSLinkIdentifier(identifier: Fixtures.key.name.description, ttl: 300)])
            #expect(try lookup.txt.map(\.value).filter(SignedRecordTXT.isSignedRecord).map(SignedRecordTXT.decode) == [record.bytes])
            let plainResult = try await DNSLinkResolver(resolver: Fixtures.resolver(knot.port)).resolve("plain.example.test")
            #expect(plainResult.links["ipfs"] == [DNSLinkIdentifier(identifier: Fixtures.cid(3), ttl: 120)])
            // Independent cross-check with kdig: same TXT strings.
            let kdig = try KnotServer.run("kdig", ["@127.0.0.1", "-p", String(knot.port), "+short", "_dnslink.example.test", "TXT"])
            #expect(kdig.contains("\"dnslink=\(Fixtures.key.name.path)\""))
            #expect(kdig.contains(snippet.records[1].rdataText))
        }
    }
}
