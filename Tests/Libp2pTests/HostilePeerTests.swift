import Testing
@testable import Libp2p

/// Peers that break the protocol at each layer: every failure is a typed error for that peer,
/// within the configured deadlines, and never a hang.
@Suite struct HostilePeerTests {
    /// A TCP server that runs `behaviour` on each accepted connection.
    private func hostile(_ behaviour: @escaping @Sendable (TCPConnection) async throws -> Void) async throws -> (TCPListener, Multiaddr, PeerID) {
        let listener = try await TCPListener.bind(host: "127.0.0.1", port: 0) { tcp in
            Task { try? await behaviour(tcp) }
        }
        let peer = IdentityKey.generate().peerID
        return (listener, try Multiaddr("/ip4/127.0.0.1/tcp/\(listener.port)/p2p/\(peer)"), peer)
    }

    private let quick = Libp2pHostConfiguration(dialTimeout: .seconds(2), upgradeTimeout: .seconds(1), negotiateTimeout: .seconds(1))

    private func dialError(_ address: Multiaddr, _ peer: PeerID) async -> Libp2pError? {
        let client = Libp2pHost(identity: .generate(), configuration: quick)
        defer { Task { await client.close() } }
        do {
            _ = try await client.newStream(to: peer, addresses: [address], protocols: ["/x/1"])
            return nil
        } catch {
            return error as? Libp2pError
        }
    }

    @Test func stallBeforeMultistreamTimesOut() async throws {
        let (listener, address, peer) = try await hostile { tcp in
            try await Task.sleep(for: .seconds(30))
            await tcp.close()
        }
        defer { Task { await listener.close() } }
        let clock = ContinuousClock()
        let start = clock.now
        #expect(await dialError(address, peer)?.code == .timeout)
        #expect(clock.now - start < .seconds(10))
    }

    @Test func oversizedMultistreamMessageIsRefused() async throws {
        let (listener, address, peer) = try await hostile { tcp in
            try await tcp.write([0xff, 0xff, 0x03])
            try await Task.sleep(for: .seconds(5))
        }
        defer { Task { await listener.close() } }
        #expect(await dialError(address, peer)?.code == .multistreamProtocol)
    }

    @Test func garbageMultistreamHeaderIsRefused() async throws {
        let (listener, address, peer) = try await hostile { tcp in
            try await tcp.write(Multistream.encode("/multistream/2.0.0"))
            try await Task.sleep(for: .seconds(5))
        }
        defer { Task { await listener.close() } }
        #expect(await dialError(address, peer)?.code == .multistreamProtocol)
    }

    @Test func peerRefusingNoiseIsNotSupported() async throws {
        let (listener, address, peer) = try await hostile { tcp in
            _ = try await Multistream.negotiate(on: tcp, supported: ["/tls/1.0.0"])
        }
        defer { Task { await listener.close() } }
        #expect(await dialError(address, peer)?.code == .protocolNotSupported)
    }

    @Test func garbageNoiseMessageFailsTheHandshake() async throws {
        let (listener, address, peer) = try await hostile { tcp in
            _ = try await Multistream.negotiate(on: tcp, supported: [NoiseHandshake.protocolID])
            _ = try await NoiseHandshake.readMessage(from: tcp)
            try await tcp.write(NoiseHandshake.frame([UInt8](repeating: 0x42, count: 200)))
            try await Task.sleep(for: .seconds(5))
        }
        defer { Task { await listener.close() } }
        #expect(await dialError(address, peer)?.code == .noiseHandshake)
    }

    @Test func truncatedNoiseMessageStallsIntoATimeout() async throws {
        let (listener, address, peer) = try await hostile { tcp in
            _ = try await Multistream.negotiate(on: tcp, supported: [NoiseHandshake.protocolID])
            _ = try await NoiseHandshake.readMessage(from: tcp)
            try await tcp.write([0xff, 0xff, 1, 2, 3])
            try await Task.sleep(for: .seconds(30))
        }
        defer { Task { await listener.close() } }
        #expect(await dialError(address, peer)?.code == .timeout)
    }

    /// A real Noise responder that then breaks yamux with `frame`.
    private func yamuxBreaker(_ frame: [UInt8]) async throws -> (TCPListener, Multiaddr, PeerID) {
        let identity = IdentityKey.generate()
        let listener = try await TCPListener.bind(host: "127.0.0.1", port: 0) { tcp in
            Task {
                let secure = try await Libp2pConnection.upgradeInbound(tcp, identity: identity)
                try await secure.write(frame)
                try await Task.sleep(for: .seconds(5))
            }
        }
        return (listener, try Multiaddr("/ip4/127.0.0.1/tcp/\(listener.port)/p2p/\(identity.peerID)"), identity.peerID)
    }

    @Test func badYamuxFramesEndTheSession() async throws {
        let frames: [[UInt8]] = [
            [1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0],                              // version 1
            [0, 9, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0],                              // unknown type
            YamuxFrame(type: .data, flags: .syn, streamID: 2, length: 300_000).bytes, // beyond the window
            YamuxFrame(type: .data, flags: .syn, streamID: 1, length: 0).bytes,       // the dialer's parity
        ]
        for frame in frames {
            let (listener, address, peer) = try await yamuxBreaker(frame)
            let client = Libp2pHost(identity: .generate(), configuration: quick)
            let connection = try await client.connect(to: peer, addresses: [address])
            // The session notices, sends go-away and closes; opening streams fails from then on.
            let clock = ContinuousClock()
            let start = clock.now
            while !connection.isClosed && clock.now - start < .seconds(5) { try await Task.sleep(for: .milliseconds(20)) }
            #expect(connection.isClosed, "frame \(frame)")
            await client.close()
            await listener.close()
        }
    }
}
