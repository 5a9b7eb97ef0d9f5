import NameDNS
import Testing

/// dnslink-std behaviour against a real Knot server.
@Suite struct DNSLinkConformanceTests {
    static let long = String(repeating: "a", count: 300)
    static let zone = KnotServer.Zone(name: "dl.test", records: """
    _dnslink.multi 100 TXT "dnslink=/ipfs/bbb"
    _dnslink.multi 100 TXT "dnslink=/ipfs/aaa"
    _dnslink.multi 100 TXT "dnslink=/ipns/" "dl.test"
    _dnslink.multi 100 TXT "unrelated=1"
    _dnslink.multi 100 TXT "dnslink=ipfs/x"
    _dnslink.multi 100 TXT "dnslink=//x"
    _dnslink.multi 100 TXT "dnslink=/ipfs/"
    _dnslink.multi 100 TXT "dnslink=/ipfs/tab\\009here"
    _dnslink.multi 100 TXT "dnslink= /ipfs/space"
    _dnslink.long 100 TXT "dnslink=/ipfs/\(long.prefix(200))" "\(long.dropFirst(200))"
    fallback 300 TXT "dnslink=/ipfs/fromfallback"
    _dnslink.nodata A 127.0.0.1
    nodata TXT "dnslink=/ipfs/mustnotbeused"
    """)

    @Test func conformanceCasesAgainstKnot() async throws {
        try await withKnot([DNSLinkConformanceTests.zone]) { knot in
            let dnslink = DNSLinkResolver(resolver: Fixtures.resolver(knot.port))

            // Several entries: grouped by namespace, sorted, multi-string concatenated, invalid ones logged in answer order.
            let multi = try await dnslink.resolve("multi.dl.test")
            #expect(multi.links["ipfs"] == [DNSLinkIdentifier(identifier: "aaa", ttl: 100), DNSLinkIdentifier(identifier: "bbb", ttl: 100)])
            #expect(multi.links["ipns"] == [DNSLinkIdentifier(identifier: "dl.test", ttl: 100)])
            #expect(Set(multi.log) == [
                .invalidEntry(entry: "dnslink=ipfs/x", reason: .wrongStart),
                .invalidEntry(entry: "dnslink=//x", reason: .namespaceMissing),
                .invalidEntry(entry: "dnslink=/ipfs/", reason: .noIdentifier),
                .invalidEntry(entry: "dnslink=/ipfs/tab\there", reason: .invalidCharacter),
                .invalidEntry(entry: "dnslink= /ipfs/space", reason: .wrongStart),
            ])
            #expect(multi.log.count == 5)

            // A value longer than 255 bytes arrives as two character-strings and is concatenated.
            let long = try await dnslink.resolve("long.dl.test")
            #expect(long.links["ipfs"] == [DNSLinkIdentifier(identifier: DNSLinkConformanceTests.long, ttl: 100)])

            // NXDOMAIN at _dnslink: fall back to the bare domain, logged.
            let fallback = try await dnslink.resolve("fallback.dl.test")
            #expect(fallback.log == [.fallback])
            #expect(fallback.links["ipfs"] == [DNSLinkIdentifier(identifier: "fromfallback", ttl: 300)])
            #expect(try await dnslink.resolveJSON("fallback.dl.test") == #"{"links":{"ipfs":[{"identifier":"fromfallback","ttl":300}]},"log":[{"code":"FALLBACK"}]}"#)

            // NOERROR without TXT at _dnslink: no fallback, no links.
            let nodata = try await dnslink.resolve("nodata.dl.test")
            #expect(nodata.links.isEmpty && nodata.log.isEmpty)

            // NXDOMAIN on both names: DNS_RCODE_3. A zone Knot does not serve: REFUSED, DNS_RCODE_5.
            await #expect(throws: DNSError(.rcode, "")) { try await dnslink.resolve("missing.dl.test") }
            #expect(try await dnslink.resolveJSON("missing.dl.test") == #"{"error":{"code":"DNS_RCODE_3"}}"#)
            #expect(try await dnslink.resolveJSON("elsewhere.example") == #"{"error":{"code":"DNS_RCODE_5"}}"#)
            do {
                _ = try await dnslink.resolve("elsewhere.example")
            } catch let error as DNSError {
                #expect(error.dnslinkErrorCode == "DNS_RCODE_5")
            }

            // Cross-check the multi-string record with drill, independently of ldns-in-Swift.
            let drill = try KnotServer.run("drill", ["-p", String(knot.port), "@127.0.0.1", "_dnslink.long.dl.test", "TXT"])
            #expect(drill.contains("\"dnslink=/ipfs/\(DNSLinkConformanceTests.long.prefix(200))\" \"\(DNSLinkConformanceTests.long.dropFirst(200))\""))
        }
    }
}
