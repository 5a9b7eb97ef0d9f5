import Foundation
import NameDNS
import Testing

/// Several DNS servers as real networks have them: one dead, one refusing, one slow.
@Suite struct SeveralServersTests {
    static func address(_ server: FakeDNSServer) -> DNSServerAddress { try! DNSServerAddress(host: "127.0.0.1", port: server.port) }

    static func resolver(_ servers: [FakeDNSServer], timeout: Duration = .seconds(3), attempts: Int = 1) -> StubResolver {
        StubResolver(configuration: DNSResolverConfiguration(servers: servers.map(address), timeout: timeout, attempts: attempts,
                                                             recursionDesired: false))
    }

    static let link = [[Array("dnslink=/ipfs/bafkqaddwgevxmmraojswg33smq".utf8)]]

    /// Answers every TXT query with `records`, counting the queries it got.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func bump() { lock.lock(); value += 1; lock.unlock() }
        var count: Int { lock.lock(); defer { lock.unlock() }; return value }
    }

    static func answering(_ counter: Counter = Counter(), delay: Double = 0, rcode: UInt8 = 0) throws -> FakeDNSServer {
        try FakeDNSServer { query in
            counter.bump()
            if delay > 0 { Thread.sleep(forTimeInterval: delay) }
            return rcode == 0 ? [TestWire.txtResponse(to: query, link)] : [TestWire.response(to: query, rcode: rcode)]
        }
    }

    static func silent(_ counter: Counter = Counter()) throws -> FakeDNSServer {
        try FakeDNSServer { _ in counter.bump(); return [] }
    }

    @Test func aSilentFirstServerCostsAStaggerNotATimeoutAndGoesToTheBack() async throws {
        let dead = Counter(), live = Counter()
        let silent = try Self.silent(dead), answering = try Self.answering(live)
        defer { silent.stop(); answering.stop() }
        let resolver = Self.resolver([silent, answering], timeout: .seconds(3))
        let start = ContinuousClock.now
        let first = try await resolver.query("_dnslink.x.test", type: .txt)
        #expect(ContinuousClock.now - start < .seconds(2), "the 3 s timeout of the silent server was not waited for")
        #expect(first.server == Self.address(answering))
        #expect(first.rcode == 0)
        #expect(dead.count == 1)
        // The silent server failed to answer in time: later lookups ask the answering one first.
        for _ in 0..<3 {
            #expect(try await resolver.query("_dnslink.x.test", type: .txt).server == Self.address(answering))
        }
        #expect(live.count == 4)
    }

    @Test func servfailOrRefusedFromOneServerSendsTheQuestionOnAndOnlyAllRefusingIsTheAnswer() async throws {
        let failing = try Self.answering(rcode: 2), refusing = try Self.answering(rcode: 5), answering = try Self.answering()
        defer { failing.stop(); refusing.stop(); answering.stop() }
        let response = try await Self.resolver([failing, refusing, answering]).query("_dnslink.x.test", type: .txt)
        #expect(response.rcode == 0)
        #expect(response.server == Self.address(answering))
        let refused = try await Self.resolver([failing, refusing]).query("_dnslink.x.test", type: .txt)
        #expect(refused.rcode == 2 || refused.rcode == 5, "when every server refuses, the refusal is returned, not thrown")
    }

    @Test func nxdomainIsAnAnswerNotAFailure() async throws {
        let nx = try Self.answering(rcode: 3), other = Counter()
        let answering = try Self.answering(other, delay: 1.0)
        defer { nx.stop(); answering.stop() }
        let response = try await Self.resolver([nx, answering]).query("_dnslink.x.test", type: .txt)
        #expect(response.rcode == 3)
        #expect(response.server == Self.address(nx))
    }

    @Test func theFirstUsableAnswerWinsWhenAServerIsSlow() async throws {
        let slow = try Self.answering(delay: 1.5), fast = try Self.answering()
        defer { slow.stop(); fast.stop() }
        let start = ContinuousClock.now
        let response = try await Self.resolver([slow, fast], timeout: .seconds(4)).query("_dnslink.x.test", type: .txt)
        #expect(response.server == Self.address(fast))
        #expect(ContinuousClock.now - start < .milliseconds(1400), "the slow server's 1.5 s was not waited for")
    }

    @Test func everyServerSilentIsATimeoutWithinTheConfiguredBound() async throws {
        let a = try Self.silent(), b = try Self.silent()
        defer { a.stop(); b.stop() }
        let start = ContinuousClock.now
        await #expect(throws: DNSError(.timeout, "")) {
            try await Self.resolver([a, b], timeout: .milliseconds(300), attempts: 2).query("_dnslink.x.test", type: .txt)
        }
        #expect(ContinuousClock.now - start < .seconds(3), "attempts × servers × timeout = 1.2 s, plus slack")
    }

    @Test func cancellingALookupStopsEveryServersQuery() async throws {
        let a = try Self.silent(), b = try Self.silent()
        defer { a.stop(); b.stop() }
        let resolver = Self.resolver([a, b], timeout: .seconds(20), attempts: 3)
        let task = Task { try await resolver.query("_dnslink.x.test", type: .txt) }
        try await Task.sleep(for: .milliseconds(400))
        let start = ContinuousClock.now
        task.cancel()
        _ = await task.result
        #expect(ContinuousClock.now - start < .seconds(3), "a cancelled lookup returns at once, not after 2 × 3 × 20 s")
    }
}
