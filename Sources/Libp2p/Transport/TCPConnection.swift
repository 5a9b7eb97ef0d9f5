import NIOCore
import NIOPosix

/// A TCP connection over SwiftNIO as a `ByteStream`.
///
/// Inbound bytes go into a `ByteQueue`; above `highWater` buffered bytes the connection stops
/// reading from the socket (TCP flow control pushes back on the peer) until the reader drains to
/// half of it.
public final class TCPConnection: ByteStream, Sendable {
    /// Buffered inbound bytes above which the socket is not read.
    public static let highWater = 1 << 20

    let channel: any Channel
    let inbound: ByteQueue
    private let paused: SharedFlag

    /// The remote address as `host:port` (for errors and logs).
    public let remoteDescription: String

    init(channel: any Channel, inbound: ByteQueue, paused: SharedFlag) {
        self.channel = channel
        self.inbound = inbound
        self.paused = paused
        remoteDescription = channel.remoteAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "?"
    }

    /// The remote address as a multiaddr (`/ip4/…/tcp/…`), when the socket has one.
    public var remoteMultiaddr: Multiaddr? {
        guard let address = channel.remoteAddress, let ip = address.ipAddress, let port = address.port else { return nil }
        return try? Multiaddr(ip.contains(":") ? "/ip6/\(ip)/tcp/\(port)" : "/ip4/\(ip)/tcp/\(port)")
    }

    /// Opens a TCP connection to `host:port` within `timeout`.
    public static func connect(host: String, port: Int, timeout: Duration,
                               group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> TCPConnection {
        let holder = TCPConnectionHolder()
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(.nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000))
            .channelOption(.autoRead, value: false)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(holder.makeHandler(channel: channel)) }
            }
        do {
            _ = try await bootstrap.connect(host: host, port: port).get()
        } catch {
            throw Libp2pError(.transport, "connect to \(host):\(port): \(error)")
        }
        guard let connection = holder.connection else { throw Libp2pError(.transport, "connect to \(host):\(port): no channel") }
        return connection
    }

    public func read(exactly count: Int) async throws -> [UInt8] {
        try await inbound.read(exactly: count)
    }

    public func readSome(maxCount: Int) async throws -> [UInt8] {
        try await inbound.readSome(maxCount: maxCount)
    }

    public func write(_ bytes: [UInt8]) async throws {
        try await enqueue(bytes).get()
    }

    /// Starts writing `bytes` and returns at once. Writes enqueued one after another (for example
    /// under a lock) reach the socket in that order.
    func enqueue(_ bytes: [UInt8]) -> EventLoopFuture<Void> {
        let future = channel.writeAndFlush(ByteBuffer(bytes: bytes))
        return future.flatMapErrorThrowing { error in throw Libp2pError(.transport, "write to \(self.remoteDescription): \(error)") }
    }

    public func close() async {
        inbound.finish(Libp2pError(.closed, "connection closed locally"))
        try? await channel.close()
    }

    /// Called by the reader after consuming: reopens socket reads once the buffer drained enough.
    func resumeIfDrained(stillBuffered: Int) {
        guard stillBuffered < Self.highWater / 2 else { return }
        let wasPaused = paused.flag.withLock { p in
            defer { p = false }
            return p
        }
        if wasPaused { channel.eventLoop.execute { self.channel.read() } }
    }
}

/// Builds the pipeline handler and the `TCPConnection` for one channel (outbound or accepted).
final class TCPConnectionHolder: @unchecked Sendable {
    /// Set once on the channel's event loop during initialisation, read after the connect future.
    private(set) var connection: TCPConnection?

    func makeHandler(channel: any Channel) -> TCPInboundHandler {
        let (connection, handler) = TCPInboundHandler.make(channel: channel)
        self.connection = connection
        return handler
    }
}
