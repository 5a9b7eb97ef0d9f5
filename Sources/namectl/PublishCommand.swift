import ArgumentParser
import NameKeys
import NameRecord
import NameResolver

struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Sign a new record for a name you hold the key of, and store it locally.",
        discussion: """
            The value is /ipfs/<cid>[/path], /ipns/<name|domain>[/path], or a bare CID (meaning /ipfs/<cid>).
            The sequence is one above the highest ever seen for the name.
            Examples:
              namectl publish blog bafkqaddwgevxmmraojswg33smq
              namectl publish blog /ipfs/bafy…/site --lifetime 24h --ttl 5m
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var passphrase: PassphraseOptions
    @OptionGroup var network: NetworkOptions
    @OptionGroup var dnsUpdate: DNSUpdateOptions
    @Option(help: "How many transports must accept the record (default: all given).") var minTransports: Int?
    @Argument(help: "Key label or the name it controls.") var key: String
    @Argument(help: "Path to publish.") var value: String
    @Option(help: "How long the record is valid (default: 48h).", transform: DurationOption.parser(GoDuration.lifetimeRange))
    var lifetime = DurationOption(nanoseconds: 48 * 3_600_000_000_000, text: "48h")
    @Option(help: "How long resolvers may cache it (default: 1h).", transform: DurationOption.parser(GoDuration.ttlRange))
    var ttl = DurationOption(nanoseconds: 3_600_000_000_000, text: "1h")
    @Option(help: "Explicit sequence (must exceed every sequence seen for the name).") var sequence: UInt64?

    func run() async throws {
        let ctx = CLIContext(global, passphrase: passphrase, command: "publish")
        let path: String
        do { path = try IPNSPath.publishValue(value) } catch { throw CLIError(error) }
        let (entry, privateKey) = try ctx.loadKey(key)
        let store = try ctx.openStore()
        let updateTransport = try dnsUpdate.transport()
        let node = try await network.dhtNode(store: store, ctx: ctx)
        let transports = try network.transports(dht: node) + (updateTransport.map { [$0] } ?? [])
        let publisher = NamePublisher(store: store, transports: transports, transportTimeout: max(network.sourceTimeout, 10))
        let options = PublishOptions(lifetime: lifetime.nanoseconds, ttl: ttl.nanoseconds, sequence: sequence)
        let outcome: Result<PublishReport, any Error>
        do {
            outcome = .success(try await publisher.publishEverywhere(key: privateKey, value: path, options: options, minimumTransports: minTransports))
        } catch {
            outcome = .failure(error)
        }
        await network.finish(node, store: store)
        let report: PublishReport
        switch outcome {
        case .success(let r): report = r
        case .failure(let shortfall as NamePublisher.TransportShortfall):
            if global.json {
                var object = json(shortfall.report, entry.name, path)
                object["confirmed"] = false
                object["error"] = ["code": "transport_shortfall", "message": shortfall.description]
                ctx.printJSON(object)
            } else {
                print(describe(shortfall.report, entry.name, path))
            }
            throw CLIError(shortfall.description, .networkError)
        case .failure(let error):
            throw CLIError.from(error)
        }
        ctx.logger.debug("published", metadata: ["name": "\(entry.name)", "sequence": "\(report.record.sequence)"])
        if global.json {
            var object = json(report, entry.name, path)
            object["confirmed"] = true
            ctx.printJSON(object)
        } else {
            print(describe(report, entry.name, path))
        }
    }

    private func json(_ report: PublishReport, _ name: Name, _ path: String) -> [String: Any] {
        let record = report.record.record
        return ["name": name.description, "value": path, "sequence": report.record.sequence,
                "validity": record.validity?.rfc3339 ?? "", "ttl": record.ttl ?? 0, "size": record.bytes.count,
                "transports": report.transportsJSON]
    }

    private func describe(_ report: PublishReport, _ name: Name, _ path: String) -> String {
        var lines = ["published \(name.path) → \(path)",
                     "sequence \(report.record.sequence), valid until \(report.record.record.validity?.rfc3339 ?? "?")"]
        for identity in report.succeeded { lines.append("  \(identity): ok") }
        for (identity, error) in report.failed { lines.append("  \(identity): FAILED: \(error)") }
        if !report.transports.isEmpty && report.succeeded.count < report.transports.count {
            lines.append("  (the record stays in the local store; the next publish signs sequence \(report.record.sequence + 1) or higher)")
        }
        return lines.joined(separator: "\n")
    }
}
