import Foundation
import Logging
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NameKeys
import NameRecord
import NameResolver
import NameStore
import Synchronization
@testable import NameDaemon

/// Starts a daemon on an ephemeral loopback port for one test and stops it afterwards.
struct RunningDaemon {
    let base: String
    let port: Int
    let store: NameStore
    let daemon: NameDaemon
    let task: Task<Void, any Error>

    static func start(republish: Bool = false, extraSources: [any RecordSource] = [], keys: [PrivateKey] = [],
                      resolverTimeout: Double = 15,
                      configure: (inout DaemonConfiguration) -> Void = { _ in },
                      rebroadcast: @escaping @Sendable (Name, Record) async -> Void = { _, _ in }) async throws -> RunningDaemon {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("namectl-daemon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try NameStore(path: dir.appendingPathComponent("db.sqlite").path)
        var config = DaemonConfiguration()
        config.port = 0
        config.republish = republish
        configure(&config)
        var quiet = Logger(label: "test.daemon")
        quiet.logLevel = .critical // cancelling the task logs a harmless "already closed" at shutdown
        var resolving = ResolverConfiguration(store: store, sources: [LocalStoreSource(store: store)] + extraSources)
        resolving.timeout = resolverTimeout
        let resolver = NameResolver(resolving)
        let daemon = NameDaemon(configuration: config, store: store, resolver: resolver, keys: { keys }, rebroadcast: rebroadcast, logger: quiet)
        let port = Mutex<Int?>(nil)
        let app = daemon.application { p in port.withLock { $0 = p } }
        let task = Task { try await app.runService() }
        for _ in 0..<500 where port.withLock({ $0 }) == nil { try await Task.sleep(nanoseconds: 10_000_000) }
        guard let bound = port.withLock({ $0 }) else { throw URLError(.cannotConnectToHost) }
        return RunningDaemon(base: "http://127.0.0.1:\(bound)", port: bound, store: store, daemon: daemon, task: task)
    }

    func stop() { task.cancel() }

    /// One request on a fresh URLSession connection; returns status, body and lower-cased headers.
    func request(_ method: String, _ path: String, body: [UInt8]? = nil, accept: String? = RecordEndpoints.recordMediaType) async throws -> (Int, [UInt8], [String: String]) {
        var req = URLRequest(url: URL(string: base + path)!)
        req.httpMethod = method
        req.timeoutInterval = 10
        if let accept { req.setValue(accept, forHTTPHeaderField: "Accept") }
        if let body {
            req.httpBody = Data(body)
            req.setValue(RecordEndpoints.recordMediaType, forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: req)
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (k, v) in http.allHeaderFields { headers["\(k)".lowercased()] = "\(v)" }
        return (http.statusCode, Array(data), headers)
    }
}
