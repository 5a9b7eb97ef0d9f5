import Testing
import Sodium
@testable import Libp2p

@Suite struct FrameTests {
    @Test func yamuxHeaderRoundTrips() throws {
        let frame = YamuxFrame(type: .windowUpdate, flags: [.syn, .ack], streamID: 0x01020304, length: 0x0a0b0c0d)
        #expect(frame.bytes == [0, 1, 0, 3, 1, 2, 3, 4, 0x0a, 0x0b, 0x0c, 0x0d])
        #expect(try YamuxFrame(header: frame.bytes) == frame)
    }

    @Test func yamuxHeaderRejectsBadFields() {
        for bad: [UInt8] in [[0, 0, 0], [1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0], [0, 4, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0],
                             [0, 0, 0, 0x10, 0, 0, 0, 1, 0, 0, 0, 0], [0, 2, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]] {
            #expect(throws: Libp2pError(.yamuxProtocol, "")) { try YamuxFrame(header: bad) }
        }
    }

    @Test func multistreamMessages() throws {
        #expect(Multistream.encode("/noise") == [7] + Array("/noise\n".utf8))
        #expect(try Multistream.decode(Array("na\n".utf8)) == "na")
        #expect(throws: Libp2pError.self) { try Multistream.decode(Array("na".utf8)) }
        #expect(throws: Libp2pError.self) { try Multistream.decode([0x01, 0x0a]) }
    }

    @Test func noisePayloadRoundTripsAndVerifies() throws {
        let identity = IdentityKey.generate()
        let staticKey = [UInt8](repeating: 9, count: 32)
        let payload = NoiseHandshakePayload(signing: staticKey, with: identity)
        let decoded = try NoiseHandshakePayload(bytes: payload.bytes)
        #expect(decoded == payload)
        #expect(try decoded.verify(staticKey: staticKey) == identity.peerID)
        #expect(throws: Libp2pError(.noiseHandshake, "")) { try decoded.verify(staticKey: [UInt8](repeating: 8, count: 32)) }
        var withMuxers = payload
        withMuxers.streamMuxers = ["/yamux/1.0.0"]
        #expect(try NoiseHandshakePayload(bytes: withMuxers.bytes).streamMuxers == ["/yamux/1.0.0"])
        #expect(throws: Libp2pError(.noiseHandshake, "")) { try NoiseHandshakePayload(bytes: [0x0a, 0x05, 1]) }
    }

    @Test func identifyMessageRoundTrips() throws {
        let message = IdentifyMessage(publicKey: IdentityKey.generate().publicKey.protobuf, listenAddrs: [try Multiaddr("/ip4/127.0.0.1/tcp/1")],
                                      protocols: ["/a", "/b"], observedAddr: try Multiaddr("/ip4/1.2.3.4/tcp/5"),
                                      protocolVersion: "ipfs/0.1.0", agentVersion: "namectl/test")
        #expect(try IdentifyMessage(bytes: message.bytes) == message)
    }
}

@Suite struct NoiseCipherTests {
    @Test func sealsAndOpensWithMatchingNonces() throws {
        let key = SecretBytes(count: 32) { $0.initialize(repeating: 7) }
        var sender = NoiseCipherState(key: key), receiver = NoiseCipherState(key: key)
        for message in [[UInt8](), [1, 2, 3], [UInt8](repeating: 9, count: 1000)] {
            #expect(try receiver.decrypt(try sender.encrypt(message, additionalData: [5]), additionalData: [5]) == message)
        }
        // A replayed or reordered message fails: the receiver's nonce moved on.
        let first = try sender.encrypt([1], additionalData: [])
        _ = try sender.encrypt([2], additionalData: [])
        var late = NoiseCipherState(key: key, nonce: 4)
        #expect(throws: Libp2pError(.noiseTransport, "")) { try late.decrypt(first, additionalData: []) }
    }

    @Test func refusesToReuseTheLastNonces() throws {
        let key = SecretBytes(count: 32) { $0.initialize(repeating: 1) }
        var cipher = NoiseCipherState(key: key, nonce: UInt64.max - 2)
        _ = try cipher.encrypt([1], additionalData: [])
        #expect(throws: Libp2pError(.noiseTransport, "")) { try cipher.encrypt([1], additionalData: []) }
    }
}

@Suite struct YamuxLimitTests {
    @Test func openingBeyondTheStreamLimitFailsUntilStreamsEnd() async throws {
        var configuration = Libp2pHostConfiguration()
        configuration.yamux.maxStreams = 4
        let (server, address) = try await echoHost(configuration)
        let client = Libp2pHost(identity: .generate(), configuration: configuration)
        defer { Task { await client.close(); await server.close() } }
        let connection = try await client.connect(to: server.peerID, addresses: [address])
        var open: [YamuxStream] = []
        for _ in 0..<4 { open.append(try connection.session.openStream()) }
        #expect(throws: Libp2pError(.limitExceeded, "")) { _ = try connection.session.openStream() }
        for stream in open { stream.reset() }
        #expect(try await echo([3], from: client, to: address) == Array("echo:".utf8) + [3])
    }
}
