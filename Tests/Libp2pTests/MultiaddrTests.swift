import Testing
@testable import Libp2p

@Suite struct MultiaddrTests {
    @Test func roundTripsTextAndBinary() throws {
        let texts = [
            "/ip4/127.0.0.1/tcp/4001",
            "/ip6/::1/tcp/4001",
            "/ip6/2001:db8::ff00:42:8329/tcp/443",
            "/dns4/bootstrap.example/tcp/4001/p2p/12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf",
            "/dnsaddr/bootstrap.libp2p.io/p2p/QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN",
            "/ip4/1.2.3.4/udp/4001/quic-v1",
            "/dns6/h.example/tcp/1",
        ]
        for text in texts {
            let addr = try Multiaddr(text)
            #expect(addr.description == text)
            #expect(try Multiaddr(bytes: addr.bytes) == addr)
        }
    }

    @Test func binaryFormMatchesTheSpec() throws {
        // /ip4/127.0.0.1/tcp/4001 = 04 7f000001 06 0fa1
        #expect(try Multiaddr("/ip4/127.0.0.1/tcp/4001").bytes == [0x04, 127, 0, 0, 1, 0x06, 0x0f, 0xa1])
        // /dns4/a.b/tcp/80 = 36 03 'a.b' 06 0050
        #expect(try Multiaddr("/dns4/a.b/tcp/80").bytes == [0x36, 3, 0x61, 0x2e, 0x62, 0x06, 0x00, 0x50])
    }

    @Test func acceptsTheOldIpfsName() throws {
        let addr = try Multiaddr("/ip4/1.2.3.4/tcp/1/ipfs/12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf")
        #expect(addr.peerID?.description == "12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf")
        #expect(addr.description.contains("/p2p/"))
    }

    @Test func rejectsMalformedAddresses() {
        for bad in ["", "ip4/1.2.3.4", "/ip4/1.2.3", "/ip4/256.0.0.1", "/tcp/70000", "/ip6/:::1", "/foo/1", "/ip4", "/p2p/notapeer", "/ip4/01.2.3.4"] {
            #expect(throws: Libp2pError(.invalidMultiaddr, "")) { try Multiaddr(bad) }
        }
        for bad: [UInt8] in [[], [0x04, 127, 0], [0x36, 10, 0x61], [0x99, 0x99, 0x99, 0x01], [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]] {
            #expect(throws: Libp2pError.self) { try Multiaddr(bytes: bad) }
        }
    }

    @Test func classifiesPrivateAndPublicAddresses() throws {
        for text in ["/ip4/127.0.0.1/tcp/1", "/ip4/10.1.2.3/tcp/1", "/ip4/192.168.1.1/tcp/1", "/ip4/172.20.0.1/tcp/1", "/ip6/::1/tcp/1", "/ip6/fe80::1/tcp/1", "/ip6/fd00::1/tcp/1"] {
            #expect(try Multiaddr(text).isPrivate, "\(text)")
        }
        for text in ["/ip4/8.8.8.8/tcp/1", "/ip4/172.32.0.1/tcp/1", "/ip6/2001:db8::1/tcp/1", "/dns4/example.com/tcp/1"] {
            #expect(try !Multiaddr(text).isPrivate, "\(text)")
        }
    }

    @Test func findsTheTCPEndpoint() throws {
        #expect(try Multiaddr("/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf").tcpEndpoint?.port == 4001)
        #expect(try Multiaddr("/ip4/1.2.3.4/udp/4001/quic-v1").tcpEndpoint == nil)
        #expect(try Multiaddr("/ip6/::1/tcp/5").tcpEndpoint?.host == "::1")
    }
}
