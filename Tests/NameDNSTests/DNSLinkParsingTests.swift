import Foundation
import NameDNS
import Testing

@Suite struct DNSLinkParsingTests {
    private func parse(_ text: String) -> Result<DNSLinkEntry, DNSLinkInvalidReason>? { DNSLinkEntry.parse(txt: Array(text.utf8)) }

    @Test func parsesNamespaceAndIdentifierWithSlashes() throws {
        let entry = try #require(try parse("dnslink=/ipfs/bafy/a/b")?.get())
        #expect(entry.namespace == "ipfs")
        #expect(entry.identifier == "bafy/a/b")
    }

    @Test func ignoresValuesWithoutTheExactPrefix() {
        #expect(parse("DNSLINK=/ipfs/x") == nil)
        #expect(parse(" dnslink=/ipfs/x") == nil)
        #expect(parse("ipns-record=abc") == nil)
    }

    @Test(arguments: [
        ("dnslink=ipfs/x", DNSLinkInvalidReason.wrongStart),
        ("dnslink= /ipfs/x", .wrongStart),
        ("dnslink=", .wrongStart),
        ("dnslink=/ipfs/x\u{9}y", .invalidCharacter),
        ("dnslink=/ipfs/caf\u{e9}", .invalidCharacter),
        ("dnslink=//x", .namespaceMissing),
        ("dnslink=/", .namespaceMissing),
        ("dnslink=/ipfs", .noIdentifier),
        ("dnslink=/ipfs/", .noIdentifier),
    ])
    func reportsInvalidEntriesWithReason(text: String, reason: DNSLinkInvalidReason) {
        #expect(parse(text) == .failure(reason))
    }

    @Test func doesNotTrimTrailingSpace() throws {
        let entry = try #require(try parse("dnslink=/ipfs/x ")?.get())
        #expect(entry.identifier == "x ")
    }

    @Test func resultGroupsSortsAndLogsInReferenceJSONShape() {
        let txt: [DNSLinkTXTValue] = [
            DNSLinkTXTValue(strings: [Array("dnslink=/ipfs/b".utf8)], ttl: 60),
            DNSLinkTXTValue(strings: [Array("dnslink=/ipns/".utf8), Array("k51".utf8)], ttl: 30),
            DNSLinkTXTValue(strings: [Array("dnslink=/ipfs/a".utf8)], ttl: 60),
            DNSLinkTXTValue(strings: [Array("other=thing".utf8)], ttl: 60),
            DNSLinkTXTValue(strings: [Array("dnslink=x\"y".utf8)], ttl: 60),
        ]
        let result = DNSLinkResult(txt: txt, log: [.fallback])
        #expect(result.json == #"{"links":{"ipfs":[{"identifier":"a","ttl":60},{"identifier":"b","ttl":60}],"ipns":[{"identifier":"k51","ttl":30}]},"log":[{"code":"FALLBACK"},{"code":"INVALID_ENTRY","entry":"dnslink=x\"y","reason":"WRONG_START"}]}"#)
        #expect(DNSLinkResult.errorJSON(rcode: 3) == #"{"error":{"code":"DNS_RCODE_3"}}"#)
    }

    @Test func parsesTSIGSpecsAndKeyFiles() throws {
        let short = try TSIGKey(parsing: "update-key:c2VjcmV0")
        #expect(short.algorithm == "hmac-sha256" && short.name == "update-key." && short.secret == "c2VjcmV0")
        let long = try TSIGKey(parsing: "hmac-sha512:k.example:c2VjcmV0")
        #expect(long.algorithm == "hmac-sha512" && long.name == "k.example.")
        let bind = try TSIGKey(fileContents: """
        key "update-key" {
            algorithm hmac-sha256;
            secret "c2VjcmV0";
        };
        """)
        #expect(bind == short)
        #expect(throws: DNSError(.invalidTSIG, "")) { try TSIGKey(parsing: "md4:k:c2VjcmV0") }
        #expect(throws: DNSError(.invalidTSIG, "")) { try TSIGKey(parsing: "k:not base64!") }
        #expect(throws: DNSError(.invalidTSIG, "")) { try TSIGKey(parsing: "justaname") }
    }

    @Test func parsesServerAddresses() throws {
        #expect(try DNSServerAddress(parsing: "127.0.0.1:5353") == DNSServerAddress(host: "127.0.0.1", port: 5353))
        #expect(try DNSServerAddress(parsing: "::1").port == 53)
        #expect(try DNSServerAddress(parsing: "[::1]:5353") == DNSServerAddress(host: "::1", port: 5353))
        #expect(throws: DNSError(.invalidServer, "")) { try DNSServerAddress(parsing: "dns.example:53") }
        #expect(throws: DNSError(.invalidServer, "")) { try DNSServerAddress(parsing: "127.0.0.1:0") }
    }

    @Test func readsNameserversFromResolvConf() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("namectl-resolv-\(UUID().uuidString).conf")
        defer { try? FileManager.default.removeItem(at: file) }
        try "# comment\nsearch example\nnameserver 127.0.0.53\nnameserver\tfe80::1%eth0\nnameserver ::1\noptions edns0\n".write(to: file, atomically: true, encoding: .utf8)
        let servers = try DNSServerAddress.system(resolvConf: file.path)
        #expect(servers == [try DNSServerAddress(host: "127.0.0.53"), try DNSServerAddress(host: "::1")])
        try "search example\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: DNSError(.noServers, "")) { try DNSServerAddress.system(resolvConf: file.path) }
        #expect(throws: DNSError(.fileUnreadable, "")) { try DNSServerAddress.system(resolvConf: file.path + ".missing") }
    }
}
