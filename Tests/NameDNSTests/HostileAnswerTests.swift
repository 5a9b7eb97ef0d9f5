import Foundation
import Synchronization
import NameDNS
import NameResolver
import NameKeys
import NameRecord
import NameStore
import Testing

/// Answers no honest server sends: each must end in a clear error, in bounded time, without a crash.
@Suite struct HostileAnswerTests {
    private func fast(_ port: UInt16) -> StubResolver { Fixtures.resolver(port, timeout: .milliseconds(300), attempts: 2) }

    private func elapsed(_ body: () async throws -> Void) async rethrows -> Duration {
        let start = ContinuousClock.now
        try await body()
        return ContinuousClock.now - start
    }

    /// A fake server answering TXT queries for `_dnslink.<domain>` with `records(domain)`.
    private func serving(_ records: @escaping @Sendable (String) -> [[[UInt8]]]?) -> @Sendable ([UInt8]) -> [[UInt8]] {
        { query in
            let name = TestWire.qname(query)
            guard name.hasPrefix("_dnslink."), let txt = records(String(name.dropFirst("_dnslink.".count))) else {
                return [TestWire.response(to: query, rcode: 3)]
            }
            return [TestWire.txtResponse(to: query, txt)]
        }
    }

    @Test func answerWithWrongIDIsIgnoredThenReported() async throws {
        try await withFakeServer({ query in [TestWire.response(to: query, id: TestWire.id(query) &+ 1)] }) { server in
            let time = await elapsed {
                await #expect(throws: DNSError(.mismatchedResponse, "")) { try await fast(server.port).query("x.test", type: .txt) }
            }
            #expect(time < .seconds(2))
        }
    }

    @Test func answerForAnotherQuestionIsIgnored() async throws {
        try await withFakeServer({ query in
            var other = TestWire.response(to: query)
            other[other.count - 3] = 1  // right ID, but QTYPE 16 → 1 (A): not our question
            return [other]
        }) { server in
            await #expect(throws: DNSError(.mismatchedResponse, "")) { try await fast(server.port).query("x.test", type: .txt) }
        }
    }

    @Test func serverWithoutEDNSSupportIsAskedAgainWithoutIt() async throws {
        try await withFakeServer({ query in
            let hasOPT = query[11] > 0  // ARCOUNT: the OPT record
            return [hasOPT ? TestWire.response(to: query, rcode: 1) : TestWire.txtResponse(to: query, [[Array("dnslink=/ipfs/old".utf8)]])]
        }) { server in
            let result = try await DNSLinkResolver(resolver: fast(server.port)).resolve("x.test")
            #expect(result.links["ipfs"]?.first?.identifier == "old")
        }
    }

    @Test func truncatedAnswerWithTCPRefusedIsATruncationError() async throws {
        try await withFakeServer({ query in [TestWire.response(to: query, truncated: true)] }) { server in
            await #expect(throws: DNSError(.truncated, "")) { try await fast(server.port).query("x.test", type: .txt) }
        }
    }

    @Test func txtWhoseLengthsLieIsMalformed() async throws {
        // A character-string claiming 200 bytes inside a 10-byte RDATA.
        try await withFakeServer({ query in [TestWire.response(to: query, rdatas: [[200] + Array("dnslink=/".utf8)])] }) { server in
            await #expect(throws: DNSError(.malformedResponse, "")) { try await DNSLinkResolver(resolver: fast(server.port)).resolve("x.test") }
        }
    }

    @Test func serverThatNeverAnswersTimesOutInBoundedTime() async throws {
        try await withFakeServer({ _ in [] }) { server in
            let time = await elapsed {
                await #expect(throws: DNSError(.timeout, "")) { try await DNSLinkResolver(resolver: fast(server.port)).resolve("x.test") }
            }
            #expect(time >= .milliseconds(550) && time < .seconds(2), "2 attempts × 300 ms, took \(time)")
        }
    }

    @Test func oversizedSignedRecordTXTIsRejectedBeforeDecoding() async throws {
        let name = Fixtures.key.name
        let huge = Array("ipns-record=".utf8) + Array(repeating: UInt8(ascii: "A"), count: 20_000)
        try await withFakeServer(serving { _ in [[Array("dnslink=\(name.path)".utf8)], SignedRecordTXT.split(huge)] }) { server in
            #expect(throws: DNSError(.malformedSignedRecord, "")) { try SignedRecordTXT.decode(huge) }
            // The undecodable value reaches the race as it is and is refused there, never stored or followed.
            let error = await #expect(throws: ResolveError.self) { try await dnsPathResolver(fast(server.port)).resolve("/ipns/x.test") }
            #expect(error?.code == .validationFailed)
            #expect(error?.recordError?.code == .malformedRecord || error?.recordError?.code == .recordTooLarge)
        }
    }

    @Test func malformedBase64IsAnErrorNotAFallback() async throws {
        let name = Fixtures.key.name
        try await withFakeServer(serving { _ in [[Array("dnslink=\(name.path)".utf8)], [Array("ipns-record=!!not*base64".utf8)]] }) { server in
            #expect(throws: DNSError(.malformedSignedRecord, "")) { try SignedRecordTXT.decode(Array("ipns-record=!!not*base64".utf8)) }
            // In a path resolution the undecodable value is a candidate that fails as malformed.
            let error = await #expect(throws: ResolveError.self) { try await dnsPathResolver(fast(server.port)).resolve("/ipns/x.test") }
            #expect(error?.code == .validationFailed)
            #expect(error?.recordError?.code == .malformedRecord)
        }
    }

    @Test func recordForADifferentNameRollbackAndExpiryAreRejected() async throws {
        let name = Fixtures.key.name
        let foreign = Fixtures.record(Fixtures.otherKey, value: "/ipfs/\(Fixtures.cid(1))")
        let old = Fixtures.record(value: "/ipfs/\(Fixtures.cid(1))", sequence: 1)
        let expired = Fixtures.record(value: "/ipfs/\(Fixtures.cid(1))", sequence: 9, hoursValid: -1)
        try await withFakeServer(serving { domain in
            let record = switch domain { case "foreign.test": foreign; case "expired.test": expired; default: old }
            return [[Array("dnslink=\(name.path)".utf8)], SignedRecordTXT.characterStrings(for: record)]
        }) { server in
            let paths = dnsPathResolver(fast(server.port))
            let foreignError = await #expect(throws: ResolveError.self) { try await paths.resolve("/ipns/foreign.test") }
            #expect(foreignError?.code == .validationFailed)
            #expect(foreignError?.recordError?.code == .signatureV2Invalid)
            let expiredError = await #expect(throws: ResolveError.self) { try await paths.resolve("/ipns/expired.test") }
            #expect(expiredError?.code == .expired)
            #expect(expiredError?.recordError?.code == .expired)
            // The old record is fine when nothing newer was seen…
            #expect(try await paths.resolve("/ipns/old.test").sequence == 1)
            // …and refused as a rollback once a store has seen sequence 5.
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("namectl-rollback-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let store = try NameStore(path: dir.appendingPathComponent("db.sqlite").path)
            let newer = Fixtures.record(value: "/ipfs/\(Fixtures.cid(2))", sequence: 5)
            _ = try store.put(try RecordValidator.standard.validate(bytes: newer.bytes, for: name), source: "test")
            var config = ResolverConfiguration(store: store, sources: [])
            config.dns = DNSSource(resolver: fast(server.port))
            config.useCache = false
            let rollbackError = await #expect(throws: ResolveError.self) { try await NameResolver(config).resolve("/ipns/old.test") }
            #expect(rollbackError?.code == .validationFailed)
            #expect(rollbackError?.recordError?.code == .rollback)
        }
    }

    @Test func pathResolutionDetectsLoopsAndStopsAtDepth32() async throws {
        try await withFakeServer(serving { domain in
            switch domain {
            case "a.test": [[Array("dnslink=/ipns/b.test".utf8)]]
            case "b.test": [[Array("dnslink=/ipns/A.test/x".utf8)]]
            default:
                // n<i>.test → /ipns/n<i+1>.test, forever.
                Int(domain.dropFirst().prefix { $0.isNumber }).map { [[Array("dnslink=/ipns/n\($0 + 1).test".utf8)]] }
            }
        }) { server in
            let paths = dnsPathResolver(fast(server.port))
            await #expect(throws: ResolveError(.loop, "")) { try await paths.resolve("/ipns/a.test/p") }
            await #expect(throws: ResolveError(.depthExceeded, "")) { try await paths.resolve("/ipns/n0.test") }
            await #expect(throws: ResolveError(.invalidPath, "")) { try await paths.resolve("ipns/n0.test") }
        }
    }

    @Test func dnsCarriedRecordsRaceWithOtherSourcesAndAStaleOneIsOutranked() async throws {
        let name = Fixtures.key.name
        let inDNS = Fixtures.record(value: "/ipfs/\(Fixtures.cid(2))", sequence: 1)
        let newer = Fixtures.record(value: "/ipfs/\(Fixtures.cid(3))", sequence: 2)
        try await withFakeServer(serving { domain in
            switch domain {
            case "signed.test": [[Array("dnslink=\(name.path)".utf8)], SignedRecordTXT.characterStrings(for: inDNS)]
            case "plain.test": [[Array("dnslink=/ipns/signed.test/deeper".utf8)]]
            default: nil
            }
        }) { server in
            // With only DNS, the DNS-carried record answers.
            let viaDNS = try await dnsPathResolver(fast(server.port)).resolve("/ipns/plain.test")
            #expect(viaDNS.value == "/ipfs/\(Fixtures.cid(2))/deeper")
            #expect(viaDNS.source?.kind == "dns")
            // A newer record elsewhere wins over the stale DNS copy: the stale one is a dropped candidate.
            let elsewhere = FixedRecordSource(kind: "http", records: [newer])
            let upgraded = try await dnsPathResolver(fast(server.port), sources: [elsewhere]).resolve("/ipns/plain.test/a")
            #expect(upgraded.value == "/ipfs/\(Fixtures.cid(3))/deeper/a")
            #expect(upgraded.source?.kind == "http")
            #expect(upgraded.sequence == 2)
        }
    }

    @Test func aDomainGivenWithItsDNSLinkLabelIsNotPrefixedAgain() async throws {
        let asked = Mutex<[String]>([])
        try await withFakeServer({ query in
            let name = TestWire.qname(query)
            asked.withLock { $0.append(name) }
            switch name {
            case "_dnslink.given.test": return [TestWire.txtResponse(to: query, [[Array("dnslink=/ipfs/\(Fixtures.cid(4))".utf8)]])]
            case "other.test": return [TestWire.txtResponse(to: query, [[Array("dnslink=/ipfs/\(Fixtures.cid(5))".utf8)]])]
            default: return [TestWire.response(to: query, rcode: 3)]
            }
        }) { server in
            let dnslink = DNSLinkResolver(resolver: fast(server.port))
            let given = try await dnslink.resolve("_dnslink.given.test")
            #expect(given.links["ipfs"]?.first?.identifier == Fixtures.cid(4))
            #expect(given.log.isEmpty)
            // `_dnslink.other.test` does not exist: fall back to `other.test`, logged, never `_dnslink._dnslink.…`.
            let fallback = try await dnslink.resolve("_dnslink.other.test")
            #expect(fallback.links["ipfs"]?.first?.identifier == Fixtures.cid(5))
            #expect(fallback.log == [.fallback])
            #expect(!asked.withLock { $0 }.contains { $0.hasPrefix("_dnslink._dnslink.") }, "\(asked.withLock { $0 })")
            #expect(asked.withLock { $0 } == ["_dnslink.given.test", "_dnslink.other.test", "other.test"])
        }
    }

    @Test func truncatedUDPAnswerFallsBackToTCPWithKnot() async throws {
        let long = String(repeating: "z", count: 700)
        let zone = KnotServer.Zone(name: "tc.test", records: "_dnslink TXT \"dnslink=/ipfs/\(long.prefix(250))\" \"\(long.dropFirst(250).prefix(250))\" \"\(long.dropFirst(500))\"")
        try await withKnot([zone]) { knot in
            // No EDNS0: the 700-byte TXT does not fit in 512 bytes, so Knot truncates.
            let noEDNS = StubResolver(configuration: DNSResolverConfiguration(servers: [knot.server], timeout: .seconds(1), attempts: 1, udpPayloadSize: nil, recursionDesired: false))
            let answer = try await noEDNS.query("_dnslink.tc.test", type: .txt)
            #expect(answer.usedTCP)
            let result = try await DNSLinkResolver(resolver: noEDNS).resolve("tc.test")
            #expect(result.links["ipfs"]?.first?.identifier == long)
        }
    }
}
