import ArgumentParser
import Foundation
import NameDaemon
import NameKeys
import NameRecord
import NameResolver
import PrivateNames
import Synchronization

struct DaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Serve Delegated Routing V1 (IPNS) over HTTP, republish names, export metrics.",
        discussion: """
            Endpoints: GET/PUT /routing/v1/ipns/{name}; GET /ipns/{name} with ?format=ipns-record or
            Accept: application/vnd.ipfs.ipns-record (the signed record, trustless-gateway style);
            GET /ipns/{name}[/path] (JSON resolution); / (status page); /healthz; /metrics.
            Times take Go durations (30s, 5m, 48h) or plain seconds; every value is range-checked.
            Prints "listening on http://HOST:PORT" when ready; SIGTERM finishes accepted requests, then exits.
            Examples:
              namectl daemon --listen 127.0.0.1:8080
              namectl daemon --config examples/namectl.yaml
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var passphrase: PassphraseOptions
    @OptionGroup var network: NetworkOptions
    @Option(help: ArgumentHelp("Address to bind (port 0 picks a free one).", valueName: "host:port")) var listen: String?
    @Option(help: ArgumentHelp("YAML config file; keys as the flags without dashes (listen, republish-interval, idle-timeout, …).", valueName: "file")) var config: String?
    @Flag(help: "Do not re-sign owned names or re-put stored records.") var noRepublish = false
    @Option(help: "HTTP event-loop threads (default: one per core).") var threads: String?
    @Option(help: ArgumentHelp("How often owned names are re-signed (default 4h).", valueName: "duration")) var republishInterval: String?
    @Option(help: ArgumentHelp("Lifetime of re-signed records (default 48h).", valueName: "duration")) var lifetime: String?
    @Option(help: ArgumentHelp("TTL of re-signed records (default 1h).", valueName: "duration")) var ttl: String?
    @Option(help: ArgumentHelp("Close a connection without a complete request head after this long (default 30s).", valueName: "duration"))
    var idleTimeout: String?
    @Option(help: ArgumentHelp("Time allowed for a request body once its head is in (default 10s).", valueName: "duration"))
    var readTimeout: String?
    @Option(help: ArgumentHelp("Open connections at most; the longest-idle one makes room (default 1024).", valueName: "n"))
    var maxConnections: String?
    @Option(help: ArgumentHelp("Sustained PUTs per second per client address (default 10).", valueName: "rate")) var putRate: String?
    @Option(help: ArgumentHelp("PUT burst per client address (default 20).", valueName: "n")) var putBurst: String?
    @Option(help: ArgumentHelp("Names stored at most; further names get 429 (default 100000).", valueName: "n")) var maxNames: String?
    @Option(help: ArgumentHelp("Memory for pre-encoded hot responses (default 64MiB).", valueName: "bytes")) var cacheSize: String?
    @Option(help: ArgumentHelp("Deadline of one resolution, every hop and source included; past it a request gets 504 (default 15s).",
                               valueName: "duration"))
    var resolveTimeout: String?
    @Option(help: ArgumentHelp("With --dht: time between re-puts of owned and followed names, at most 1h (DHT items live about 2 h; default 45m).",
                               valueName: "duration"))
    var dhtKeepalive: String?

    func run() async throws {
        let ctx = CLIContext(global, passphrase: passphrase, command: "daemon")
        var settings = DaemonConfiguration()
        if let config {
            guard let text = try? String(contentsOfFile: config, encoding: .utf8) else { throw CLIError("cannot read config \(config)", .invalidInput) }
            do { settings = try DaemonConfiguration.load(yaml: text) } catch { throw CLIError("\(config): \(error.description)", .invalidInput) }
        }
        let flags: [(String, String?)] = [
            ("listen", listen), ("threads", threads), ("republish-interval", republishInterval), ("lifetime", lifetime), ("ttl", ttl),
            ("idle-timeout", idleTimeout), ("read-timeout", readTimeout), ("max-connections", maxConnections), ("put-rate", putRate),
            ("put-burst", putBurst), ("max-names", maxNames), ("cache-size", cacheSize),
            ("resolve-timeout", resolveTimeout), ("dht-keepalive", dhtKeepalive),
        ]
        do {
            for case let (key, value?) in flags { try settings.set(key, value) }
            settings = try settings.validated()
        } catch { throw CLIError("--\(error.description)", .invalidInput) }
        if noRepublish { settings.republish = false }
        let store = try ctx.openStore(sharing: .pool)
        let dht = try await network.dhtNode(store: store, ctx: ctx, secure: true)
        let amino = try network.aminoSource(ctx: ctx)
        var resolving = try network.resolverConfiguration(store: store, dht: dht, amino: amino)
        resolving.timeout = settings.resolveTimeout
        let resolver = NameResolver(resolving)
        let keystore = ctx.keystore
        // The republisher signs only with keys it can unlock now (unencrypted, or via NAMECTL_PASSPHRASE/--passphrase-file).
        let unlocked: [PrivateKey] = ((try? keystore.list().keys) ?? []).compactMap { entry in
            let secret: Passphrase? = entry.encrypted ? (try? ctx.configuredPassphraseIfAny()) ?? nil : .insecureNone
            guard let secret else { return nil }
            return try? keystore.load(entry.label, passphrase: secret)
        }
        let owned = Dictionary(unlocked.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        // Private names those keys published (`publish --label` keeps the labels, sealed under the
        // owner's key), read again on every pass so labels published while the daemon runs are kept
        // too; the latest blinded keys are remembered for the DHT re-puts.
        let book = ctx.labelBook
        let blinded = Mutex<[Name: BlindedKey]>([:])
        let privateNames: @Sendable () -> [PrivateNameKey] = {
            let names = book.privateNames(owners: unlocked)
            blinded.withLock { $0 = Dictionary(names.map { ($0.address.blindedName, $0.signingKey) }, uniquingKeysWith: { a, _ in a }) }
            return names
        }
        let logger = global.logger("daemon")
        // Owned and private names re-signed by the republisher go back out to the DHT (BEP 44 needs
        // the signing key for the item, so foreign records are served but not re-put), and every
        // record the daemon holds goes to Amino (a kad PUT carries the signed record as it is), after
        // the same validation as anything else.
        let rebroadcast: @Sendable (Name, NameRecord.Record) async -> Void = { name, record in
            if let amino {
                do { try await amino.put(RecordValidator.standard.validate(record, for: name)) } catch {
                    logger.warning("Amino re-put of \(name) failed: \(error)")
                }
            }
            guard let dht, let key: any SigningKey = owned[name] ?? blinded.withLock({ $0[name] }) else { return }
            do { _ = try await dht.node.publish(record: record, key: key) } catch { logger.warning("DHT re-put of \(name) failed: \(error)") }
        }
        let daemon = NameDaemon(configuration: settings, store: store, resolver: resolver, keys: { unlocked },
                                privateNames: privateNames, rebroadcast: rebroadcast, logger: logger)
        let follow = try ctx.followList()
        let signers: @Sendable () -> [Name: any SigningKey] = {
            var all: [Name: any SigningKey] = owned
            for name in privateNames() { all[name.address.blindedName] = name.signingKey }
            return all
        }
        let keepAlive = dht.map {
            DHTKeepAlive(dht: $0, store: store, follow: follow, signers: signers, interval: settings.dhtKeepalive, metrics: daemon.metrics, logger: logger)
        }
        let exporter = dht.map { DHTMetricsExporter(node: $0.node, metrics: daemon.metrics) }
        let keepAliveLoop = Task { await keepAlive?.run() }
        let exportLoop = Task { await exporter?.run() }
        defer {
            keepAliveLoop.cancel()
            exportLoop.cancel()
        }
        let host = settings.host
        let json = global.json
        do {
            try await daemon.run { port in
                // Unbuffered, so a supervisor or test reading the pipe sees it at once.
                let line = json ? "{\"listening\":\"http://\(host):\(port)\"}\n"
                    : "listening on http://\(host):\(port) (\(unlocked.count) key(s) unlocked for republishing)\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            }
        } catch {
            await network.finish(dht, store: store, amino: amino)
            throw CLIError("daemon failed: \(error)", .networkError)
        }
        await network.finish(dht, store: store, amino: amino)
    }
}
