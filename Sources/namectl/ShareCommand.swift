import ArgumentParser
import NameKeys
import PrivateNames

struct ShareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "share",
        abstract: "Print the private address of a name's label, for the people who may read it.",
        discussion: """
            The address (ipnspriv1…) holds the owner's name and the label; whoever has it can resolve and
            read what `publish --label` put there, and nobody else can find or link those records. No key
            is unlocked: the address depends only on the public name.
            `--forget` unlocks the key and stops the daemon re-signing the label (`publish --label` keeps
            every label it publishes, sealed under the owner's key, so `namectl daemon` keeps it alive).
            Examples:
              namectl share blog --label friends
              namectl resolve "$(namectl share blog --label friends)"
              namectl share blog --label friends --forget
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var passphrase: PassphraseOptions
    @Argument(help: "Key label or the name it controls (any Ed25519 name works).") var key: String
    @Option(help: "The private label used with `publish --label`.") var label: String
    @Flag(help: "Stop keeping the label alive: the daemon no longer re-signs it (its records expire at their EOL).")
    var forget = false

    func run() throws {
        let ctx = CLIContext(global, passphrase: passphrase, command: "share")
        let owner: Name
        if let name = try? Name(key) { owner = name } else { owner = try ctx.keyEntry(key).name }
        let address: PrivateAddress
        do { address = try PrivateAddress(owner: owner, label: PrivateLabel(label)) } catch { throw CLIError(error) }
        if forget {
            let (_, privateKey) = try ctx.loadKey(key)
            let forgotten: Bool
            do { forgotten = try ctx.labelBook.forget(address.label, owner: privateKey) } catch { throw CLIError(error) }
            guard forgotten else { throw CLIError("the label is not kept for \(owner) (nothing to forget)", .notFound) }
        }
        if global.json {
            var object: [String: Any] = ["address": address.description, "owner": owner.description, "label": address.label.text,
                                         "blindedName": address.blindedName.description]
            if forget { object["forgotten"] = true }
            ctx.printJSON(object)
        } else {
            print(forget ? "no longer kept alive: \(address)" : address.description)
        }
    }
}
