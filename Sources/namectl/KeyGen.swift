import ArgumentParser
import NameKeys

struct KeyGen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen",
        abstract: "Generate a new Ed25519 key and print its name.",
        discussion: "Example: NAMECTL_PASSPHRASE=… namectl key gen blog"
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var passphrase: PassphraseOptions
    @Argument(help: "Label for the key (A-Z a-z 0-9 . _ -).") var label: String

    func run() async throws {
        let ctx = CLIContext(global, passphrase: passphrase, command: "key")
        do { try Keystore.validate(label: label) } catch { throw CLIError(error) }
        let secret = try ctx.newKeyPassphrase()
        let entry: KeyEntry
        do { entry = try ctx.keystore.generate(label: label, passphrase: secret) } catch { throw CLIError(error) }
        if global.json {
            ctx.printJSON(KeyList.json(entry))
        } else {
            print(entry.name)
        }
    }
}
