import NIOCore
import Synchronization

/// The pipeline handler behind a `TCPConnection`: moves inbound bytes into its queue and asks the
/// socket for more only while the queue is below the high-water mark (autoRead is off).
final class TCPInboundHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    private let queue: ByteQueue
    private let paused: SharedFlag

    private init(queue: ByteQueue, paused: SharedFlag) {
        self.queue = queue
        self.paused = paused
    }

    /// A handler and the connection that reads from it.
    static func make(channel: any Channel) -> (TCPConnection, TCPInboundHandler) {
        let paused = SharedFlag()
        let box = ConnectionBox()
        let queue = ByteQueue { _, stillBuffered in box.connection?.resumeIfDrained(stillBuffered: stillBuffered) }
        let connection = TCPConnection(channel: channel, inbound: queue, paused: paused)
        box.connection = connection
        return (connection, TCPInboundHandler(queue: queue, paused: paused))
    }

    func channelActive(context: ChannelHandlerContext) {
        context.read()
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        if let bytes = buffer.readBytes(length: buffer.readableBytes) { queue.append(bytes) }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if queue.buffered >= TCPConnection.highWater {
            paused.flag.withLock { $0 = true }
            // The reader may have drained between the check and the flag: re-check.
            if queue.buffered < TCPConnection.highWater / 2 {
                let was = paused.flag.withLock { p in
                    defer { p = false }
                    return p
                }
                if was { context.read() }
            }
        } else {
            context.read()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        queue.finish(Libp2pError(.closed, "connection closed by the peer"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        queue.finish(Libp2pError(.transport, "socket error: \(error)"))
        context.close(promise: nil)
    }
}

/// A lock-protected Boolean shared by a handler and its connection.
final class SharedFlag: Sendable {
    let flag = Mutex(false)
}

/// Lets the queue's consume callback reach the connection created after it.
final class ConnectionBox: @unchecked Sendable {
    /// Written once in `TCPInboundHandler.make` before the connection is handed out; weak, since
    /// the connection owns the queue that owns this box.
    weak var connection: TCPConnection?
}
