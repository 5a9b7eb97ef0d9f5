import Foundation
import NameDNS
import NameResolver
import Testing

/// One deadline bounds a whole resolution: a chain of slow DNSLink domains cannot add up past it.
@Suite struct ResolutionDeadlineTests {
    /// c1.test → c2.test → c3.test → /ipfs/…, each answer sent after `delay` seconds.
    private func slowChain(delay: Double) -> @Sendable ([UInt8]) -> [[UInt8]] {
        { query in
            usleep(UInt32(delay * 1_000_000))
            let name = TestWire.qname(query)
            let target: String? = switch name {
            case "_dnslink.c1.test": "/ipns/c2.test"
            case "_dnslink.c2.test": "/ipns/c3.test"
            case "_dnslink.c3.test": "/ipfs/\(Fixtures.cid(9))"
            default: nil
            }
            guard let target else { return [TestWire.response(to: query, rcode: 3)] }
            return [TestWire.txtResponse(to: query, [[Array("dnslink=\(target)".utf8)]])]
        }
    }

    @Test func aSlowDNSLinkChainStopsAtTheResolutionDeadline() async throws {
        try await withFakeServer(slowChain(delay: 1.2)) { server in
            // Each query alone is well within the per-query timeout; only the chain is too slow.
            let dns = Fixtures.resolver(server.port, timeout: .seconds(5), attempts: 1)
            let start = ContinuousClock.now
            let error = await #expect(throws: ResolveError.self) {
                try await dnsPathResolver(dns, timeout: 2).resolve("/ipns/c1.test/x")
            }
            let took = ContinuousClock.now - start
            #expect(error?.code == .deadlineExceeded, "\(String(describing: error))")
            #expect(took < .milliseconds(2500), "the 2 s deadline was overrun: \(took)")
        }
    }

    @Test func theSameChainResolvesWithEnoughTime() async throws {
        try await withFakeServer(slowChain(delay: 1.2)) { server in
            let dns = Fixtures.resolver(server.port, timeout: .seconds(5), attempts: 1)
            let resolution = try await dnsPathResolver(dns, timeout: 20).resolve("/ipns/c1.test/x")
            #expect(resolution.value == "/ipfs/\(Fixtures.cid(9))/x")
            #expect(resolution.hops.count == 4)
        }
    }
}
