import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NameKeys
import NameRecord
import NameResolver
import NameStore
import PrivateNames
import NIOCore
import NIOPosix
import ServiceLifecycle

/// `namectl daemon`: a Delegated Routing V1 (IPNS) HTTP server and trustless-gateway record
/// endpoint over the local store and resolver, with a status page, a republisher, Prometheus
/// metrics, limits against hostile clients, and graceful shutdown on SIGTERM/SIGINT.
///
/// Cached records are answered on a lean SwiftNIO path (`LeanRecordHandler`); Hummingbird serves
/// everything else.
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
    /// Private names (of those keys) the republisher keeps alive.
    public let privateNames: @Sendable () -> [PrivateNameKey]
    /// Called for stored/republished records (e.g. DHT re-put).
    public let rebroadcast: @Sendable (Name, Record) async -> Void
    let logger: Logger
    let responses: HotResponses
    let activity: DaemonActivity
    let connections: ConnectionRegistry
    let rateLimiter: PutRateLimiter
    let quota: NameQuota

    /// Makes a daemon.
    public init(configuration: DaemonConfiguration, store: NameStore, resolver: NameResolver,
                keys: @escaping @Sendable () -> [PrivateKey] = { [] },
                privateNames: @escaping @Sendable () -> [PrivateNameKey] = { [] },
                rebroadcast: @escaping @Sendable (Name, Record) async -> Void = { _, _ in },
                logger: Logger = Logger(label: "namectl.daemon")) {
        self.configuration = configuration
        self.store = store
        self.resolver = resolver
        self.keys = keys
        self.privateNames = privateNames
        self.rebroadcast = rebroadcast
        self.logger = logger
        self.responses = HotResponses(capacity: configuration.cacheBytes)
        self.activity = DaemonActivity(maxNames: configuration.maxNames)
        self.connections = ConnectionRegistry(limit: configuration.maxConnections)
        self.rateLimiter = PutRateLimiter(rate: configuration.putRate, burst: configuration.putBurst)
        self.quota = NameQuota(limit: configuration.maxNames)
    }

    var service: RecordService {
        RecordService(store: store, resolver: resolver, metrics: metrics, responses: responses, activity: activity,
                      rateLimiter: rateLimiter, quota: quota, onStored: rebroadcast)
    }

    /// Builds the HTTP application. `onReady` gets the bound port.
    public func application(onReady: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router(context: DaemonRequestContext.self)
        let service = self.service
        RecordEndpoints(service: service).register(on: router)
        GatewayEndpoints(service: service).register(on: router)
        StatusEndpoint(service: service, keys: keys, connections: connections).register(on: router)
        var services: [any Service] = []
        if configuration.republish {
            let responses = responses, activity = activity, rebroadcast = rebroadcast, resolver = resolver
            services.append(Republisher(store: store, keys: keys, privateNames: privateNames, interval: configuration.republishInterval,
                                        lifetime: configuration.lifetime, ttl: configuration.ttl,
                                        rebroadcast: { name, record in
                                            // A re-signed record replaces the cached and pre-encoded ones at once.
                                            resolver.invalidate(name)
                                            responses.remove(name)
                                            activity.republished(name.description)
                                            await rebroadcast(name, record)
                                        }, logger: logger))
        }
        let limits = ConnectionGuard.Limits(idleTimeout: .nanoseconds(Int64(configuration.idleTimeout * 1e9)),
                                            readTimeout: .nanoseconds(Int64(configuration.readTimeout * 1e9)),
                                            registry: connections)
        let responses = responses, cacheHits = metrics.cacheHitCounter
        let server = HTTPServerBuilder { responder in
            DaemonChannel(http: HTTP1Channel(responder: responder), limits: limits, responses: responses, cacheHits: cacheHits)
        }
        return Application(
            router: router,
            server: server,
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
