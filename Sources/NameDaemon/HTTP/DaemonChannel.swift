import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import Prometheus

/// Hummingbird's HTTP/1 child channel with the daemon's handlers spliced in after the HTTP decoder:
/// `ConnectionGuard` (timeouts, connection cap, write backpressure) and `LeanRecordHandler` (the hot
/// routes), plus `ResponseBypass` at the front for the lean path's pre-encoded bytes.
struct DaemonChannel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let http: HTTP1Channel
    let limits: ConnectionGuard.Limits
    let responses: HotResponses
    let cacheHits: Counter

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let limits = limits, responses = responses, cacheHits = cacheHits
        return http.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            let connection = ConnectionGuard(limits: limits)
            try pipeline.addHandler(ResponseBypass(), position: .first)
            try pipeline.addHandler(connection, position: .after(decoder))
            try pipeline.addHandler(LeanRecordHandler(responses: responses, cacheHits: cacheHits, connection: connection), position: .after(connection))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await http.handle(value: value, logger: logger)
    }
}
