import NIOCore

/// A pass-through handler at the very front of the pipeline. The lean path writes its pre-encoded
/// response bytes through this handler's context, so they skip the HTTP response encoder.
final class ResponseBypass: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
}
