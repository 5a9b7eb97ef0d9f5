import ArgumentParser
import Foundation
import NameKeys
import NameRecord
import NameResolver

struct RecordCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Sign a record into a file without publishing it (to hand to Kubo, Helia, a gateway…).",
        discussion: "Example: namectl record create --key blog --value /ipfs/bafy… --sequence 7 -o blog.ipns-record"
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var passphrase: PassphraseOptions
    @Option(help: "Key label or name.") var key: String
    @Option(help: "Path the record points to (bare CID means /ipfs/<cid>).") var value: String
    @Option(help: "Sequence number.") var sequence: UInt64 = 0
    @Option(help: "How long the record is valid (default: 48h).", transform: DurationOption.parser(GoDuration.lifetimeRange))
    var lifetime = DurationOption(nanoseconds: 48 * 3_600_000_000_000, text: "48h")
    @Option(help: "How long resolvers may cache it (default: 1h).", transform: DurationOption.parser(GoDuration.ttlRange))
    var ttl = DurationOption(nanoseconds: 3_600_000_000_000, text: "1h")
    @Option(name: .shortAndLong, help: "Output file.") var output: String

    func run() async throws {
        let ctx = CLIContext(global, passphrase: passphrase, command: "record")
        let path: String
        do { path = try IPNSPath.publishValue(value) } catch { throw CLIError(error) }
        let (entry, privateKey) = try ctx.loadKey(key)
        let record: Record
        do {
            record = try Record.create(key: privateKey, value: Array(path.utf8), sequence: sequence,
                                       validity: Timestamp.now().adding(nanoseconds: lifetime.nanoseconds), ttl: ttl.nanoseconds)
        } catch { throw CLIError(error) }
        do { try AtomicFile.write(record.bytes, to: output, mode: 0o644) } catch {
            throw CLIError("cannot write \(output): \(error.reason)", .stateError)
        }
        if global.json {
            ctx.printJSON(["name": entry.name.description, "file": output, "sequence": sequence, "size": record.bytes.count])
        } else {
            print("wrote \(output) (\(record.bytes.count) bytes) for \(entry.name)")
        }
    }
}
