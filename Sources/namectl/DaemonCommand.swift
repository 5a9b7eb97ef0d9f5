import ArgumentParser
import Foundation
import NameDaemon
import NameKeys
import NameRecord
import NameResolver

struct DaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Serve Delegated Routing V1 (IPNS) over HTTP, republish names, export metrics.",
        discussion: """
            Endpoints: GET/PUT /routing/v1/ipns/{name}, GET /ipns/{name}[/path] (JSON), /healthz, /metrics.
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
    @Option(help: ArgumentHelp("YAML config file (listen, republish-interval, lifetime, ttl, republish).", valueName: "file")) var config: String?
    @Flag(help: "Do not re-sign owned names or re-put stored records.") var noRepublish = false
    @Option(help: "HTTP event-loop threads (default: one per core).") var threads: Int?

    func run() async throws {
        let ctx = CLIContext(global, passphrase: passphrase, command: "daemon")
        var settings = DaemonConfiguration()
        if let config {
            guard let text = try? String(contentsOfFile: config, encoding: .utf8) else { throw CLIError("cannot read config \(config)", .invalidInput) }
            do { settings = try DaemonConfiguration.load(yaml: text) } catch { throw CLIError("\(config): \(error.description)", .invalidInput) }
        }
        if let listen {
            do { try settings.setListen(listen) } catch { throw CLIError(error.description, .invalidInput) }
        }
        if noRepublish { settings.republish = false }
        if let threads {
            guard (1...256).contains(threads) else { throw CLIError("--threads must be 1…256", .invalidInput) }
            settings.threads = threads
        }
        let store = try ctx.openStore()
        let dht = try await network.dhtNode(store: store, ctx: ctx)
        let resolver = NameResolver(try network.resolverConfiguration(store: store, dht: dht))
        let keystore = ctx.keystore
        // The republisher signs only with keys it can unlock now (unencrypted, or via NAMECTL_PASSPHRASE/--passphrase-file).
        let unlocked: [PrivateKey] = ((try? keystore.list().keys) ?? []).compactMap { entry in
            let secret: Passphrase? = entry.encrypted ? (try? ctx.configuredPassphraseIfAny()) ?? nil : .insecureNone
            guard let secret else { return nil }
            return try? keystore.load(entry.label, passphrase: secret)
        }
        let owned = Dictionary(unlocked.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let logger = global.logger("daemon")
        // Owned names re-signed by the republisher go back out to the DHT (BEP 44 needs the owner's
        // key to sign the item, so foreign records are served but not re-put).
        let rebroadcast: @Sendable (Name, NameRecord.Record) async -> Void = { name, record in
            guard let dht, let key = owned[name] else { return }
            do { _ = try await dht.node.publish(record: record, key: key) } catch { logger.warning("DHT re-put of \(name) failed: \(error)") }
        }
        let daemon = NameDaemon(configuration: settings, store: store, resolver: resolver, keys: { unlocked },
                                rebroadcast: rebroadcast, logger: logger)
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
            await network.finish(dht, store: store)
            throw CLIError("daemon failed: \(error)", .networkError)
        }
        await network.finish(dht, store: store)
    }
}
