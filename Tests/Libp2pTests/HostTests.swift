import Testing
@testable import Libp2p

/// Two namectl hosts on loopback: the whole stack (TCP, multistream-select, Noise, yamux) both ways.
@Suite struct HostTests {
    @Test func echoesOverNoiseAndYamux() async throws {
        let (server, address) = try await echoHost()
        let client = Libp2pHost(identity: .generate())
        defer { Task { await client.close(); await server.close() } }
        #expect(try await echo(Array("hello".utf8), from: client, to: address) == Array("echo:hello".utf8))
        #expect(client.connectedPeers == [server.peerID])
    }

    @Test func movesMoreThanAWindowInBothDirections() async throws {
        let (server, address) = try await echoHost()
        let client = Libp2pHost(identity: .generate())
        defer { Task { await client.close(); await server.close() } }
        let big = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        #expect(try await echo(big, from: client, to: address) == Array("echo:".utf8) + big)
    }

    @Test func runsManyStreamsOnOneConnection() async throws {
        let (server, address) = try await echoHost()
        let client = Libp2pHost(identity: .generate())
        defer { Task { await client.close(); await server.close() } }
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<40 {
                group.addTask { try await echo(Array("n\(i)".utf8), from: client, to: address) == Array("echo:n\(i)".utf8) }
            }
            for try await ok in group { #expect(ok) }
        }
        #expect(client.connectedPeers.count == 1)
    }

    @Test func refusesAPeerThatProvesAnotherIdentity() async throws {
        let (server, address) = try await echoHost()
        let client = Libp2pHost(identity: .generate())
        defer { Task { await client.close(); await server.close() } }
        let impostor = IdentityKey.generate().peerID
        let wrong = Multiaddr(address.withoutPeerID.components + [.p2p(impostor)])
        await #expect(throws: Libp2pError(.peerIDMismatch, "")) {
            _ = try await client.connect(to: impostor, addresses: [wrong])
        }
    }

    @Test func answersNaForUnknownProtocols() async throws {
        let (server, address) = try await echoHost()
        let client = Libp2pHost(identity: .generate())
        defer { Task { await client.close(); await server.close() } }
        await #expect(throws: Libp2pError(.protocolNotSupported, "")) {
            _ = try await client.newStream(to: server.peerID, addresses: [address], protocols: ["/nope/1", "/nope/2"])
        }
        // The connection survives a refused protocol.
        #expect(try await echo([1], from: client, to: address) == Array("echo:".utf8) + [1])
    }

    @Test func identifiesThePeer() async throws {
        let (server, address) = try await echoHost()
        let client = Libp2pHost(identity: .generate())
        defer { Task { await client.close(); await server.close() } }
        let connection = try await client.connect(to: server.peerID, addresses: [address])
        let info = try await connection.identify()
        #expect(info.protocols.contains(echoProtocol))
        #expect(info.protocols.contains(Identify.protocolID))
        #expect(info.agentVersion?.hasPrefix("namectl/") == true)
        #expect(try info.publicKey.map { try Libp2pPublicKey(protobuf: $0) } == server.identity.publicKey)
        #expect(info.listenAddrs == [address.withoutPeerID])
        #expect(info.observedAddr?.tcpEndpoint?.host == "127.0.0.1")
    }

    @Test func pingsAndResetsStreams() async throws {
        let (server, address) = try await echoHost()
        let client = Libp2pHost(identity: .generate())
        defer { Task { await client.close(); await server.close() } }
        let connection = try await client.connect(to: server.peerID, addresses: [address])
        _ = try await connection.session.ping()
        let (stream, _) = try await connection.newStream([echoProtocol])
        stream.reset()
        await #expect(throws: Libp2pError(.streamReset, "")) { try await stream.write([1]) }
        await #expect(throws: Libp2pError(.streamReset, "")) { _ = try await stream.read(exactly: 1) }
    }

    @Test func closedSessionFailsNewStreamsAndTheHostRedials() async throws {
        let (server, address) = try await echoHost()
        let client = Libp2pHost(identity: .generate())
        defer { Task { await client.close(); await server.close() } }
        let first = try await client.connect(to: server.peerID, addresses: [address])
        await first.close()
        #expect(throws: Libp2pError(.sessionClosed, "")) { _ = try first.session.openStream() }
        #expect(try await echo([2], from: client, to: address) == Array("echo:".utf8) + [2])
    }
}
