import ArgumentParser
import NameAmino
import NameKeys
import NameRecord
import NameResolver
import PrivateNames

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
              namectl publish blog /ipfs/bafy… --label friends    (private: see `namectl share`)
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
    @Option(help: "Publish privately under this label: an encrypted record for a blinded name only holders of the address (namectl share) can find and read.")
    var label: String?

    func run() async throws {
        let ctx = CLIContext(global, passphrase: passphrase, command: "publish")
        let path: String
        do { path = try IPNSPath.publishValue(value) } catch { throw CLIError(error) }
        let (entry, privateKey) = try ctx.loadKey(key)
        var privateName: PrivateNameKey?
        if let label {
            do { privateName = PrivateNameKey(owner: privateKey, label: try PrivateLabel(label)) } catch { throw CLIError(error) }
        }
        let recordName = privateName?.address.blindedName ?? entry.name
        let store = try ctx.openStore()
        if let privateName {
            // Kept (sealed under the owner's key) so that `namectl daemon` re-signs it before it expires.
            do { try ctx.labelBook.keep(privateName.address.label, owner: privateKey) } catch { throw CLIError(error) }
        }
        let updateTransport = try dnsUpdate.transport()
        let node = try await network.dhtNode(store: store, ctx: ctx)
        let amino = try network.aminoSource(ctx: ctx)
        let transports = try network.transports(dht: node, amino: amino) + (updateTransport.map { [$0] } ?? [])
        let publisher = NamePublisher(store: store, transports: transports, transportTimeout: max(network.sourceTimeout, 10))
        let options = PublishOptions(lifetime: lifetime.nanoseconds, ttl: ttl.nanoseconds, sequence: sequence)
        let outcome: Result<PublishReport, any Error>
        do {
            if let privateName {
                outcome = .success(try await publisher.publishEverywhere(privateName: privateName, value: path, options: options,
                                                                         minimumTransports: minTransports))
            } else {
                outcome = .success(try await publisher.publishEverywhere(key: privateKey, value: path, options: options, minimumTransports: minTransports))
            }
        } catch {
            outcome = .failure(error)
        }
        await network.finish(node, store: store, amino: amino)
        let aminoReport = amino?.lastPutReport
        let report: PublishReport
        switch outcome {
        case .success(let r): report = r
        case .failure(let shortfall as NamePublisher.TransportShortfall):
            if global.json {
                var object = json(shortfall.report, recordName, path, aminoReport)
                object["confirmed"] = false
                object["error"] = ["code": "transport_shortfall", "message": shortfall.description]
                ctx.printJSON(object)
            } else {
                print(describe(shortfall.report, recordName, path, privateName, aminoReport))
            }
            throw CLIError(shortfall.description, .networkError)
        case .failure(let error):
            throw CLIError.from(error)
        }
        ctx.logger.debug("published", metadata: ["name": "\(recordName)", "sequence": "\(report.record.sequence)"])
        if global.json {
            var object = json(report, recordName, path, aminoReport)
            object["confirmed"] = true
            object["address"] = privateName?.address.description
            object["owner"] = privateName.map { _ in entry.name.description }
            ctx.printJSON(object)
        } else {
            print(describe(report, recordName, path, privateName, aminoReport))
        }
    }

    /// The JSON report; with Amino, `amino: {stored, closest}` says how many of the closest peers
    /// stored the record.
    private func json(_ report: PublishReport, _ name: Name, _ path: String, _ amino: AminoPutReport?) -> [String: Any] {
        let record = report.record.record
        var object: [String: Any] = ["name": name.description, "value": path, "sequence": report.record.sequence,
                                     "validity": record.validity?.rfc3339 ?? "", "ttl": record.ttl ?? 0, "size": record.bytes.count,
                                     "transports": report.transportsJSON]
        if let amino { object["amino"] = ["stored": amino.stored.count, "closest": amino.attempted] }
        return object
    }

    private func describe(_ report: PublishReport, _ name: Name, _ path: String, _ privateName: PrivateNameKey?, _ amino: AminoPutReport?) -> String {
        var lines = ["published \(name.path) → \(path)\(privateName == nil ? "" : " (encrypted)")",
                     "sequence \(report.record.sequence), valid until \(report.record.record.validity?.rfc3339 ?? "?")"]
        if let privateName { lines.append("private address \(privateName.address)") }
        for identity in report.succeeded {
            let detail = identity.kind == "amino" ? amino.map { " (stored by \($0.stored.count) of the \($0.attempted) closest peers)" } ?? "" : ""
            lines.append("  \(identity): ok\(detail)")
        }
        for (identity, error) in report.failed { lines.append("  \(identity): FAILED: \(error)") }
        if !report.transports.isEmpty && report.succeeded.count < report.transports.count {
            lines.append("  (the record stays in the local store; the next publish signs sequence \(report.record.sequence + 1) or higher)")
        }
        return lines.joined(separator: "\n")
    }
}
