import Foundation
import NameDNS
import NameResolver
import Testing

/// DNSSEC validation of DNSLink answers from a Knot zone signed automatically on loopback.
@Suite struct DNSSECTests {
    static let signed = KnotServer.Zone(name: "signed.test", records: "_dnslink TXT \"dnslink=/ipfs/\(Fixtures.cid(7))\"", dnssec: true)
    static let plain = KnotServer.Zone(name: "plain.test", records: "_dnslink TXT \"dnslink=/ipfs/\(Fixtures.cid(8))\"")

    private func verdict(_ domain: String, anchor: String, port: UInt16) async throws -> DNSSECVerdict {
        let resolver = Fixtures.resolver(port)
        let lookup = try await DNSLinkResolver(resolver: resolver, requestDNSSEC: true).lookup(domain)
        return await DNSSECValidator(resolver: resolver, anchor: try TrustAnchor(text: anchor)).validate(lookup)
    }

    @Test func secureWithDSOrDNSKEYAnchorInsecureOutsideBogusWithWrongAnchor() async throws {
        try await withKnot([DNSSECTests.signed, DNSSECTests.plain]) { knot in
            let ds = try knot.tool("keymgr", ["signed.test.", "ds"])
            let dnskey = try knot.tool("keymgr", ["signed.test.", "dnskey"])

            let secure = try await verdict("signed.test", anchor: ds, port: knot.port)
            #expect(secure.status == .secure, "\(secure)")
            let secureByKey = try await verdict("signed.test", anchor: dnskey, port: knot.port)
            #expect(secureByKey.status == .secure, "\(secureByKey)")
            let resolver = Fixtures.resolver(knot.port)
            let paths = dnsPathResolver(resolver, anchor: try TrustAnchor(text: ds))
            let resolution = try await paths.resolve("/ipns/signed.test/x")
            #expect(resolution.value == "/ipfs/\(Fixtures.cid(7))/x")
            #expect(resolution.dnssec == "secure")

            let outside = try await verdict("plain.test", anchor: ds, port: knot.port)
            #expect(outside.status == .insecure, "\(outside)")

            // Same key tag and algorithm, different digest: no DNSKEY matches the anchor.
            let wrongDS = ds.split(separator: "\n").map { line in
                String(line.dropLast(4)) + (line.hasSuffix("0000") ? "1111" : "0000")
            }.joined(separator: "\n")
            let wrong = try await verdict("signed.test", anchor: wrongDS, port: knot.port)
            #expect(wrong.status == .bogus, "\(wrong)")
            #expect(wrong.reason.contains("matches the trust anchor"), "\(wrong)")

            // A DNSKEY that is not the zone's (a freshly generated one) is not trusted either.
            let foreign = "signed.test. DNSKEY 257 3 13 zBVCCyEDXgcKjUqe1gXNw6XoF9FKQJUdJpq2QzjzQU+VLD71EsB3A7obTc93qEtQDImbG1jleJ0o+eWNrMfDqQ=="
            let foreignVerdict = try await verdict("signed.test", anchor: foreign, port: knot.port)
            #expect(foreignVerdict.status == .bogus, "\(foreignVerdict)")

            // Cross-check with drill's own chase from the same anchor.
            let anchorFile = knot.directory.appendingPathComponent("anchor.key")
            try dnskey.write(to: anchorFile, atomically: true, encoding: .utf8)
            let drill = try KnotServer.run("drill", ["-p", String(knot.port), "-D", "-k", anchorFile.path, "@127.0.0.1", "_dnslink.signed.test", "TXT"], allowFailure: true)
            #expect(drill.contains("RRSIG"))
        }
    }

    @Test func chainFollowsASignedDelegationThroughDS() async throws {
        let child = KnotServer.Zone(name: "child.signed.test", records: "_dnslink TXT \"dnslink=/ipfs/\(Fixtures.cid(6))\"", dnssec: true)
        try await withKnot([DNSSECTests.signed, child]) { knot in
            let parentAnchor = try knot.tool("keymgr", ["signed.test.", "ds"])
            // Before the parent holds a DS for the child, the chain cannot be built: bogus.
            let unlinked = try await verdict("child.signed.test", anchor: parentAnchor, port: knot.port)
            #expect(unlinked.status == .bogus, "\(unlinked)")

            // Delegate with NS + DS in the parent (Knot re-signs the parent on commit).
            let childDS = try knot.tool("keymgr", ["child.signed.test.", "ds"]).split(separator: "\n").first.map(String.init) ?? ""
            let dsFields = childDS.split(separator: " ").dropFirst(2).joined(separator: " ")
            _ = try knot.tool("knotc", ["zone-begin", "signed.test."])
            _ = try knot.tool("knotc", ["zone-set", "signed.test.", "child", "300", "NS", "ns.signed.test."])
            _ = try knot.tool("knotc", ["zone-set", "signed.test.", "child", "300", "DS", dsFields])
            _ = try knot.tool("knotc", ["zone-commit", "signed.test."])
            var linked = unlinked
            for _ in 0..<40 where linked.status != .secure {
                try await Task.sleep(for: .milliseconds(50))
                linked = try await verdict("child.signed.test", anchor: parentAnchor, port: knot.port)
            }
            #expect(linked.status == .secure, "\(linked)")
        }
    }

    @Test func tamperedAnswerIsBogus() async throws {
        try await withKnot([DNSSECTests.signed]) { knot in
            let ds = try knot.tool("keymgr", ["signed.test.", "ds"])
            let knotPort = knot.port
            // A man in the middle that forwards to Knot and changes one character of the DNSLink.
            try await withFakeServer({ query in
                guard var answer = UDPForwarder.forward(query, to: knotPort) else { return [] }
                let marker = Array("dnslink=/ipfs/".utf8)
                if let at = answer.firstRange(of: marker) {
                    answer[at.upperBound] = answer[at.upperBound] == UInt8(ascii: "b") ? UInt8(ascii: "c") : UInt8(ascii: "b")
                }
                return [answer]
            }) { proxy in
                let verdict = try await verdict("signed.test", anchor: ds, port: proxy.port)
                #expect(verdict.status == .bogus, "\(verdict)")
                #expect(verdict.reason.hasPrefix("_dnslink.signed.test."), "the keys verify; the TXT signature must not: \(verdict)")
                let resolver = Fixtures.resolver(proxy.port)
                let lookup = try await DNSLinkResolver(resolver: resolver, requestDNSSEC: true).lookup("signed.test")
                let validator = DNSSECValidator(resolver: resolver, anchor: try TrustAnchor(text: ds))
                await #expect(throws: DNSError(.dnssecBogus, "")) { try await validator.require(lookup) }
                // Path resolution with a trust anchor stops at the bogus step.
                let paths = dnsPathResolver(resolver, anchor: try TrustAnchor(text: ds))
                let error = await #expect(throws: ResolveError.self) { try await paths.resolve("/ipns/signed.test/x") }
                #expect(error?.code == .validationFailed)
                #expect(error?.reason.contains("DNSSEC") == true, "\(String(describing: error))")
            }
        }
    }
}

/// Forwards one UDP query to 127.0.0.1:port and returns the answer (1 s limit).
enum UDPForwarder {
    static func forward(_ query: [UInt8], to port: UInt16) -> [UInt8]? {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        let sent = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, query, query.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard sent == query.count else { return nil }
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, 1000) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65535)
        let n = recv(fd, &buffer, buffer.count, 0)
        return n > 0 ? Array(buffer[0..<n]) : nil
    }
}
