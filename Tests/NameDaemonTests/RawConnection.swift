import NIOCore
import NIOPosix
import Synchronization

/// A plain TCP connection to the daemon for tests that misbehave on purpose (half-sent headers,
/// idle sockets, hand-written pipelined requests): it writes exactly the bytes given and collects
/// whatever comes back.
final class RawConnection: Sendable {
    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let received = Mutex<[UInt8]>([])
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            received.withLock { $0 += buffer.readableBytesView }
        }
    }

    let channel: any Channel
    private let collector: Collector

    private init(channel: any Channel, collector: Collector) {
        self.channel = channel
        self.collector = collector
    }

    /// Connects to 127.0.0.1:`port`.
    static func open(port: Int) async throws -> RawConnection {
        let collector = Collector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) } }
            .connect(host: "127.0.0.1", port: port).get()
        return RawConnection(channel: channel, collector: collector)
    }

    /// Sends bytes as they are.
    func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text)).get()
    }

    /// Everything received so far, as text (binary bodies show replacement characters).
    var received: String { String(decoding: bytes, as: UTF8.self) }

    /// Everything received so far.
    var bytes: [UInt8] { collector.received.withLock { $0 } }

    /// Whether the server has closed the connection.
    var isClosed: Bool { !channel.isActive }

    /// Waits up to `seconds` for `condition`; returns whether it became true.
    static func wait(seconds: Double, until condition: () -> Bool) async -> Bool {
        let end = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < end {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }

    func close() { channel.close(promise: nil) }
}
