import NIOCore
import NIOHTTP1

/// Per-connection defences against slow and abusive clients, placed right after the HTTP decoder:
///
/// - a connection with no request in progress (idle keep-alive, or a client trickling its header
///   bytes, which never completes a head) is closed `idleTimeout` after it became idle;
/// - once a request head is in, its body must arrive within `readTimeout`;
/// - reads stop while the socket is not writable, so a client that sends requests without reading
///   answers cannot grow the server's output buffers;
/// - the connection is registered in the `ConnectionRegistry` (the cap).
///
/// One timer per connection at most, re-armed lazily: a request only updates a deadline variable.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// Timeouts and the shared connection registry.
    struct Limits: Sendable {
        let idleTimeout: TimeAmount
        let readTimeout: TimeAmount
        let registry: ConnectionRegistry
    }

    private let limits: Limits
    private var slot: ConnectionRegistry.Slot?
    /// Requests whose head arrived and whose response has not ended yet.
    private(set) var pending = 0
    private var receiving = false
    private var deadline: NIODeadline?
    private var timer: Scheduled<Void>?
    private var heldRead = false

    init(limits: Limits) { self.limits = limits }

    func handlerAdded(context: ChannelHandlerContext) {
        let now = NIODeadline.now()
        let slot = ConnectionRegistry.Slot(channel: context.channel, idleSince: max(1, now.uptimeNanoseconds))
        self.slot = slot
        if limits.registry.admit(slot) == .refused {
            context.close(promise: nil)
            return
        }
        deadline = now + limits.idleTimeout
        arm(context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        release()
    }

    func channelInactive(context: ChannelHandlerContext) {
        release()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            pending += 1
            receiving = true
            slot?.idleSince.store(0, ordering: .relaxed)
            deadline = .now() + limits.readTimeout
            arm(context)
        case .body:
            break
        case .end:
            receiving = false
            deadline = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { responseEnded(context) }
        context.write(data, promise: promise)
    }

    /// The lean path answered the current request itself (its bytes bypass this handler).
    func answeredDirectly(context: ChannelHandlerContext) {
        responseEnded(context)
    }

    func read(context: ChannelHandlerContext) {
        if context.channel.isWritable { context.read() } else { heldRead = true }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable && heldRead {
            heldRead = false
            context.read()
        }
        context.fireChannelWritabilityChanged()
    }

    private func responseEnded(_ context: ChannelHandlerContext) {
        pending = max(0, pending - 1)
        guard pending == 0 && !receiving else { return }
        let now = NIODeadline.now()
        slot?.idleSince.store(max(1, now.uptimeNanoseconds), ordering: .relaxed)
        deadline = now + limits.idleTimeout
        arm(context)
    }

    /// Schedules the check no later than the deadline and no later than one read timeout from now,
    /// so a deadline moved earlier is still met without rescheduling per request.
    private func arm(_ context: ChannelHandlerContext) {
        guard timer == nil, let deadline else { return }
        let at = min(deadline, .now() + limits.readTimeout)
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: at) { [self] in
            timer = nil
            guard let current = self.deadline else { return }
            if NIODeadline.now() >= current {
                context.close(promise: nil)
            } else {
                arm(context)
            }
        }
    }

    private func release() {
        timer?.cancel()
        timer = nil
        deadline = nil
        if let slot { limits.registry.leave(slot) }
        slot = nil
    }
}
