import ArgumentParser
import NameKeys
import NameRecord
import NameResolver

struct KeyRotate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Make a new key and publish a final record from the old name pointing to /ipns/<new name>.",
        discussion: "Example: namectl key rotate blog blog-2026   (the old key is kept; remove it with `key rm` when done)"
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var passphrase: PassphraseOptions
    @Argument(help: "Label of the key to retire.") var label: String
    @Argument(help: "Label for the new key.") var newLabel: String
    @Option(help: "Lifetime of the forwarding record.") var lifetime = Duration(nanoseconds: 365 * 86_400_000_000_000, text: "365d")

    func run() async throws {
        let ctx = CLIContext(global, passphrase: passphrase, command: "key")
        let (oldEntry, oldKey) = try ctx.loadKey(label)
        do { try Keystore.validate(label: newLabel) } catch { throw CLIError(error) }
        let store = try ctx.openStore()
        let newEntry: KeyEntry
        do { newEntry = try ctx.keystore.generate(label: newLabel, passphrase: try ctx.newKeyPassphrase()) } catch let e as KeystoreError {
            throw CLIError(e)
        }
        let record: NameRecord.Record
        do {
            record = try NamePublisher(store: store).publish(key: oldKey, value: newEntry.name.path, options: PublishOptions(lifetime: lifetime.nanoseconds)).record
        } catch { throw CLIError.from(error) }
        if global.json {
            ctx.printJSON(["old": oldEntry.name.description, "new": newEntry.name.description, "sequence": record.sequence ?? 0])
        } else {
            print("new key \(newLabel): \(newEntry.name)")
            print("\(oldEntry.name) now points to \(newEntry.name.path) (sequence \(record.sequence ?? 0))")
        }
    }
}
