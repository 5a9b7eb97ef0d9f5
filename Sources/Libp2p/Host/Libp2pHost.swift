import Synchronization

/// A libp2p peer over TCP: dials and accepts connections (Noise + yamux), keeps one connection per
/// peer, answers identify, and hands inbound streams to the handler registered for their protocol.
public final class Libp2pHost: Sendable {
    /// Handles one inbound stream after multistream-select agreed on its protocol.
    public typealias StreamHandler = @Sendable (_ stream: YamuxStream, _ peer: PeerID) async -> Void

    private struct State {
        var connections: [PeerID: Libp2pConnection] = [:]
        var dials: [PeerID: Task<Libp2pConnection, any Error>] = [:]
        var handlers: [String: StreamHandler] = [:]
        var listeners: [TCPListener] = []
        var listenAddrs: [Multiaddr] = []
        var closed = false
    }

    /// This peer's identity.
    public let identity: IdentityKey
    /// Timeouts and limits.
    public let configuration: Libp2pHostConfiguration
    private let state = Mutex(State())

    /// A host with `identity`; it answers identify, and nothing else until handlers are added.
    public init(identity: IdentityKey, configuration: Libp2pHostConfiguration = Libp2pHostConfiguration()) {
        self.identity = identity
        self.configuration = configuration
    }

    /// This peer's ID.
    public var peerID: PeerID { identity.peerID }

    /// Peers with an open connection.
    public var connectedPeers: [PeerID] {
        state.withLock { $0.connections.filter { !$0.value.isClosed }.map(\.key) }.sorted()
    }

    /// Addresses the host listens on.
    public var listenAddresses: [Multiaddr] { state.withLock { $0.listenAddrs } }

    /// Registers `handler` for inbound streams of `protocolID`.
    public func setHandler(_ protocolID: String, _ handler: @escaping StreamHandler) {
        state.withLock { $0.handlers[protocolID] = handler }
    }

    /// Protocols this host answers (identify included).
    public var protocols: [String] { state.withLock { Array($0.handlers.keys) + [Identify.protocolID] }.sorted() }

    // MARK: Dialling

    /// The open connection to `peer`, or a new one dialled at `addresses` (TCP ones, tried in order).
    /// - Throws: the last dial error; `.transport` when no address is dialable.
    public func connect(to peer: PeerID, addresses: [Multiaddr]) async throws -> Libp2pConnection {
        let (existing, task) = state.withLock { s -> (Libp2pConnection?, Task<Libp2pConnection, any Error>?) in
            if let connection = s.connections[peer], !connection.isClosed { return (connection, nil) }
            if let dial = s.dials[peer] { return (nil, dial) }
            let dial = Task { try await self.dial(peer, addresses: addresses) }
            s.dials[peer] = dial
            return (nil, dial)
        }
        if let existing { return existing }
        guard let task else { throw Libp2pError(.transport, "no dial for \(peer)") }
        return try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }

    /// Opens a stream to `peer` (dialling if needed) for the first of `protocols` it accepts.
    public func newStream(to peer: PeerID, addresses: [Multiaddr], protocols: [String]) async throws -> (stream: YamuxStream, protocolID: String) {
        try await connect(to: peer, addresses: addresses).newStream(protocols)
    }

    private func dial(_ peer: PeerID, addresses: [Multiaddr]) async throws -> Libp2pConnection {
        defer { _ = state.withLock { $0.dials.removeValue(forKey: peer) } }
        var lastError = Libp2pError(.transport, "\(peer) has no TCP address namectl can dial")
        for address in addresses {
            guard let (host, port) = address.tcpEndpoint else { continue }
            if let id = address.peerID, id != peer { continue }
            do {
                let tcp = try await TCPConnection.connect(host: host, port: port, timeout: configuration.dialTimeout)
                do {
                    let secure = try await withDeadline(configuration.upgradeTimeout, "connection upgrade with \(address)") {
                        try await Libp2pConnection.upgradeOutbound(tcp, identity: self.identity, expected: peer)
                    }
                    return try register(secure, remoteAddress: address.withoutPeerID, isOutbound: true)
                } catch {
                    await tcp.close()
                    throw error
                }
            } catch {
                lastError = Libp2pError.wrap(error, "dial \(address)")
                if lastError.code == .cancelled { throw lastError }
            }
        }
        throw lastError
    }

    private func register(_ secure: SecureChannel, remoteAddress: Multiaddr?, isOutbound: Bool) throws -> Libp2pConnection {
        let peer = secure.remotePeer
        let session = YamuxSession(
            channel: secure, isDialer: isOutbound, configuration: configuration.yamux,
            onInboundStream: { [weak self] stream in self?.accept(stream, from: peer, observed: remoteAddress) },
            onClose: { [weak self] _ in self?.forget(peer, session: nil) })
        let connection = Libp2pConnection(session: session, remoteAddress: remoteAddress, isOutbound: isOutbound,
                                          negotiateTimeout: configuration.negotiateTimeout)
        let (previous, evicted, closed) = state.withLock { s -> (Libp2pConnection?, Libp2pConnection?, Bool) in
            if s.closed { return (nil, nil, true) }
            let previous = s.connections[peer]
            s.connections[peer] = connection
            var evicted: Libp2pConnection?
            if s.connections.count > configuration.maxConnections,
               let idle = s.connections.first(where: { $0.key != peer && $0.value.session.streamCount == 0 }) {
                evicted = s.connections.removeValue(forKey: idle.key)
            }
            return (previous, evicted, false)
        }
        if closed {
            Task { await secure.close() }
            throw Libp2pError(.sessionClosed, "host is closed")
        }
        session.start()
        if let previous, previous !== connection, previous.isClosed { Task { await previous.close() } }
        if let evicted { Task { await evicted.close() } }
        return connection
    }

    private func forget(_ peer: PeerID, session: YamuxSession?) {
        state.withLock { s in
            if let connection = s.connections[peer], connection.isClosed { s.connections.removeValue(forKey: peer) }
        }
    }

    // MARK: Listening

    /// Listens on `host:port` (port 0: any free port) and returns the address, e.g. `/ip4/127.0.0.1/tcp/40123`.
    public func listen(host: String = "127.0.0.1", port: Int = 0) async throws -> Multiaddr {
        let listener = try await TCPListener.bind(host: host, port: port) { [weak self] tcp in
            guard let self else { return }
            Task { await self.upgradeInbound(tcp) }
        }
        let address = try Multiaddr(host.contains(":") ? "/ip6/\(host)/tcp/\(listener.port)" : "/ip4/\(host)/tcp/\(listener.port)")
        state.withLock {
            $0.listeners.append(listener)
            $0.listenAddrs.append(address)
        }
        return address
    }

    private func upgradeInbound(_ tcp: TCPConnection) async {
        do {
            let secure = try await withDeadline(configuration.upgradeTimeout, "inbound upgrade from \(tcp.remoteDescription)") {
                try await Libp2pConnection.upgradeInbound(tcp, identity: self.identity)
            }
            _ = try register(secure, remoteAddress: tcp.remoteMultiaddr, isOutbound: false)
        } catch {
            await tcp.close()
        }
    }

    // MARK: Inbound streams

    private func accept(_ stream: YamuxStream, from peer: PeerID, observed: Multiaddr?) {
        Task {
            do {
                let supported = Set(self.protocols)
                let chosen = try await withDeadline(configuration.negotiateTimeout, "inbound negotiation with \(peer)") {
                    try await Multistream.negotiate(on: stream, supported: supported)
                }
                if chosen == Identify.protocolID {
                    try await withDeadline(configuration.negotiateTimeout, "identify for \(peer)") {
                        try await Identify.respond(on: stream, with: self.identifyMessage(observed: observed))
                    }
                    return
                }
                guard let handler = state.withLock({ $0.handlers[chosen] }) else { return stream.reset() }
                await handler(stream, peer)
            } catch {
                stream.reset()
            }
        }
    }

    /// What this host says about itself in identify.
    public func identifyMessage(observed: Multiaddr?) -> IdentifyMessage {
        IdentifyMessage(publicKey: identity.publicKey.protobuf, listenAddrs: listenAddresses, protocols: protocols,
                        observedAddr: observed, protocolVersion: "ipfs/0.1.0", agentVersion: configuration.agentVersion)
    }

    // MARK: Shutdown

    /// Closes every connection and listener.
    public func close() async {
        let (connections, listeners, dials) = state.withLock { s in
            s.closed = true
            defer {
                s.connections = [:]
                s.listeners = []
                s.dials = [:]
            }
            return (Array(s.connections.values), s.listeners, Array(s.dials.values))
        }
        for dial in dials { dial.cancel() }
        for listener in listeners { await listener.close() }
        for connection in connections { await connection.close() }
    }
}
