import Hummingbird
import NIOCore

/// Hummingbird's request context plus the client's address (for per-client PUT limits).
struct DaemonRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The peer's socket address.
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's IP address (the rate-limit key), or `unknown`.
    var clientAddress: String { remoteAddress?.ipAddress ?? "unknown" }
}
