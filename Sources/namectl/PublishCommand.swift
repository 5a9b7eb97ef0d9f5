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
    @Argument(help: "Key label or the name it controls.") var key: String
    @Argument(help: "Path to publish.") var value: String
    @Option(help: "How long the record is valid.") var lifetime = Duration(nanoseconds: 48 * 3_600_000_000_000, text: "48h")
    @Option(help: "How long resolvers may cache it.") var ttl = Duration(nanoseconds: 3_600_000_000_000, text: "1h")
    @Option(help: "Explicit sequence (must exceed every sequence seen for the name).") var sequence: UInt64?

    func run() async throws {
        let ctx = CLIContext(global, passphrase: passphrase, command: "publish")
        let path: String
        do { path = try IPNSPath.publishValue(value) } catch { throw CLIError(error) }
        let (entry, privateKey) = try ctx.loadKey(key)
        let store = try ctx.openStore()
        let record: Record
        do {
            record = try NamePublisher(store: store).publish(key: privateKey, value: path,
                                                             options: PublishOptions(lifetime: lifetime.nanoseconds, ttl: ttl.nanoseconds, sequence: sequence))
        } catch { throw CLIError(error) }
        ctx.logger.debug("published", metadata: ["name": "\(entry.name)", "sequence": "\(record.sequence ?? 0)"])
        if global.json {
            ctx.printJSON(["name": entry.name.description, "value": path, "sequence": record.sequence ?? 0,
                           "validity": record.validity?.rfc3339 ?? "", "ttl": record.ttl ?? 0, "size": record.bytes.count])
        } else {
            print("published \(entry.name.path) → \(path)")
            print("sequence \(record.sequence ?? 0), valid until \(record.validity?.rfc3339 ?? "?")")
        }
    }
}
