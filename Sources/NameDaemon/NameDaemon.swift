import Foundation
import Hummingbird
import Logging
import NameKeys
import NameRecord
import NameResolver
import NameStore
import NIOCore
import NIOPosix
import ServiceLifecycle

/// `namectl daemon`: a Delegated Routing V1 (IPNS) HTTP server over the local store and resolver,
/// with a republisher, Prometheus metrics and graceful shutdown on SIGTERM/SIGINT.
public struct NameDaemon: Sendable {
    /// Settings.
    public let configuration: DaemonConfiguration
    /// The local store.
    public let store: NameStore
    /// The resolver answering GETs (its sources decide where records come from).
    public let resolver: NameResolver
    /// Metrics.
    public let metrics = DaemonMetrics()
    /// Keys the republisher may sign with.
    public let keys: @Sendable () -> [PrivateKey]
    /// Called for stored/republished records (e.g. DHT re-put).
    public let rebroadcast: @Sendable (Name, Record) async -> Void
    let logger: Logger

    /// Makes a daemon.
    public init(configuration: DaemonConfiguration, store: NameStore, resolver: NameResolver,
                keys: @escaping @Sendable () -> [PrivateKey] = { [] },
                rebroadcast: @escaping @Sendable (Name, Record) async -> Void = { _, _ in },
                logger: Logger = Logger(label: "namectl.daemon")) {
        self.configuration = configuration
        self.store = store
        self.resolver = resolver
        self.keys = keys
        self.rebroadcast = rebroadcast
        self.logger = logger
    }

    /// Builds the HTTP application. `onReady` gets the bound port.
    public func application(onReady: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router()
        RecordEndpoints(store: store, resolver: resolver, metrics: metrics, onStored: rebroadcast).register(on: router)
        var services: [any Service] = []
        if configuration.republish {
            services.append(Republisher(store: store, keys: keys, interval: configuration.republishInterval,
                                        lifetime: configuration.lifetime, ttl: configuration.ttl, rebroadcast: rebroadcast, logger: logger))
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "namectl"),
            services: services,
            onServerRunning: { channel in
                await onReady(channel.localAddress?.port ?? 0)
            },
            eventLoopGroupProvider: configuration.threads.map { .shared(MultiThreadedEventLoopGroup(numberOfThreads: $0)) } ?? .singleton,
            logger: logger
        )
    }

    /// Runs until SIGTERM/SIGINT, finishing accepted requests before exiting.
    public func run(onReady: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(onReady: onReady).runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
