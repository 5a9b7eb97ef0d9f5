import NIOCore
import NIOPosix

/// A listening TCP socket over SwiftNIO that hands every accepted connection to a callback.
public final class TCPListener: Sendable {
    private let channel: any Channel

    /// The bound port (useful after binding port 0).
    public let port: Int
    /// The bound host.
    public let host: String

    private init(channel: any Channel, host: String, port: Int) {
        self.channel = channel
        self.host = host
        self.port = port
    }

    /// Binds `host:port` (port 0 picks a free one) and calls `onConnection` for each accepted peer.
    public static func bind(host: String, port: Int,
                            group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                            onConnection: @escaping @Sendable (TCPConnection) -> Void) async throws -> TCPListener {
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.autoRead, value: false)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let (connection, handler) = TCPInboundHandler.make(channel: channel)
                    try channel.pipeline.syncOperations.addHandler(handler)
                    onConnection(connection)
                }
            }
        do {
            let channel = try await bootstrap.bind(host: host, port: port).get()
            return TCPListener(channel: channel, host: host, port: channel.localAddress?.port ?? port)
        } catch {
            throw Libp2pError(.transport, "listen on \(host):\(port): \(error)")
        }
    }

    /// Stops accepting (accepted connections stay open).
    public func close() async {
        try? await channel.close()
    }
}
