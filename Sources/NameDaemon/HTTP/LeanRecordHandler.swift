import NameRecord
import NIOCore
import NIOHTTP1
import Prometheus

/// The hot routes written directly on SwiftNIO: `GET`/`HEAD /routing/v1/ipns/{name}` and the record
/// form of `/ipns/{name}` (`?format=ipns-record`, or `Accept: application/vnd.ipfs.ipns-record`)
/// are answered from `HotResponses` with the status line, a per-second `Date` line and the entry's
/// pre-encoded header block and body: no JSON, no dictionaries, no per-request encoding.
///
/// Everything else, and every hot request this handler cannot answer as encoded (a miss, an entry
/// past its serve-until time, HTTP/1.0, `Connection: close`, or while an earlier request on the same
/// connection is still being answered by Hummingbird, to keep responses in order), passes on to
/// Hummingbird's routes, which answer the same requests with the same headers.
final class LeanRecordHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    private let responses: HotResponses
    private let cacheHits: Counter
    private let connection: ConnectionGuard
    private var bypass: ChannelHandlerContext?
    /// The answer for the request being received (sent at its end); its body parts are dropped.
    private var answering: ByteBuffer?
    private var swallowing = false
    private var needsFlush = false
    private var statusSecond: Int64 = -1
    private var statusAndDate = ByteBuffer()

    init(responses: HotResponses, cacheHits: Counter, connection: ConnectionGuard) {
        self.responses = responses
        self.cacheHits = cacheHits
        self.connection = connection
    }

    func handlerAdded(context: ChannelHandlerContext) {
        bypass = try? context.pipeline.syncOperations.context(handlerType: ResponseBypass.self)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        bypass = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            if connection.pending == 1, let answer = answer(head) {
                answering = answer
                swallowing = true
                return
            }
        case .body:
            if swallowing { return }
        case .end:
            if swallowing {
                swallowing = false
                if let answer = answering, let bypass {
                    bypass.write(NIOAny(statusAndDate), promise: nil)
                    bypass.write(NIOAny(answer), promise: nil)
                    needsFlush = true
                }
                answering = nil
                connection.answeredDirectly(context: context)
                return
            }
        }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if needsFlush, let bypass {
            needsFlush = false
            bypass.flush()
        }
        context.fireChannelReadComplete()
    }

    /// The encoded answer for `head`, or `nil` to pass the request on.
    private func answer(_ head: HTTPRequestHead) -> ByteBuffer? {
        guard head.method == .GET || head.method == .HEAD, head.version == .http1_1, bypass != nil,
              let hit = responses.lookup(head.uri) else { return nil }
        if hit.target == .gatewayAccept {
            guard head.headers[canonicalForm: "accept"].contains(where: { $0.contains(RecordResponse.mediaType) }) else { return nil }
        }
        guard head.isKeepAlive else { return nil }
        let now = Timestamp.now()
        guard now < hit.entry.serveUntil else { return nil }
        if now.seconds != statusSecond {
            statusSecond = now.seconds
            statusAndDate = ByteBuffer(string: "HTTP/1.1 200 OK\r\n")
            var date = HTTPDate.line(for: now.seconds)
            statusAndDate.writeBuffer(&date)
        }
        hit.entry.resolved.increment()
        cacheHits.increment()
        let isHead = head.method == .HEAD
        switch hit.target {
        case .routing: return isHead ? hit.entry.routingHead : hit.entry.routingGet
        case .gatewayQuery, .gatewayAccept: return isHead ? hit.entry.gatewayHead : hit.entry.gatewayGet
        }
    }
}
