/// An upgraded connection to one peer: TCP → Noise (identity proven) → yamux.
public final class Libp2pConnection: Sendable {
    /// The muxer.
    public let session: YamuxSession
    /// The peer's socket address as a multiaddr (`/ip4/…/tcp/…`).
    public let remoteAddress: Multiaddr?
    /// Whether namectl dialled (true) or accepted (false).
    public let isOutbound: Bool
    let negotiateTimeout: Duration

    init(session: YamuxSession, remoteAddress: Multiaddr?, isOutbound: Bool, negotiateTimeout: Duration) {
        self.session = session
        self.remoteAddress = remoteAddress
        self.isOutbound = isOutbound
        self.negotiateTimeout = negotiateTimeout
    }

    /// The proven peer ID.
    public var remotePeer: PeerID { session.remotePeer }

    /// Whether the connection can no longer open streams.
    public var isClosed: Bool { session.isClosed }

    /// Opens a stream and selects the first of `protocols` the peer accepts.
    /// - Returns: the stream and the protocol agreed.
    public func newStream(_ protocols: [String]) async throws -> (stream: YamuxStream, protocolID: String) {
        let stream = try session.openStream()
        do {
            let chosen = try await withDeadline(negotiateTimeout, "protocol negotiation with \(remotePeer)") {
                try await Multistream.select(protocols, on: stream)
            }
            return (stream, chosen)
        } catch {
            stream.reset()
            throw error
        }
    }

    /// Asks the peer who it is (`/ipfs/id/1.0.0`).
    public func identify() async throws -> IdentifyMessage {
        let (stream, _) = try await newStream([Identify.protocolID])
        defer { stream.reset() }
        return try await withDeadline(negotiateTimeout, "identify from \(remotePeer)") { try await Identify.read(from: stream) }
    }

    /// Closes the session (go-away) and the socket.
    public func close() async {
        await session.close()
    }

    /// Upgrades a dialled TCP connection: `/noise`, the handshake (checking `expected`), `/yamux/1.0.0`.
    static func upgradeOutbound(_ tcp: TCPConnection, identity: IdentityKey, expected: PeerID?) async throws -> SecureChannel {
        _ = try await Multistream.select([NoiseHandshake.protocolID], on: tcp)
        let secure = try await NoiseHandshake.initiate(over: tcp, identity: identity, expected: expected)
        _ = try await Multistream.select([YamuxSession.protocolID], on: secure)
        return secure
    }

    /// Upgrades an accepted TCP connection as the listener.
    static func upgradeInbound(_ tcp: TCPConnection, identity: IdentityKey) async throws -> SecureChannel {
        _ = try await Multistream.negotiate(on: tcp, supported: [NoiseHandshake.protocolID])
        let secure = try await NoiseHandshake.respond(over: tcp, identity: identity)
        _ = try await Multistream.negotiate(on: secure, supported: [YamuxSession.protocolID])
        return secure
    }
}

extension YamuxSession {
    /// The multistream-select id of yamux.
    public static let protocolID = "/yamux/1.0.0"
}
