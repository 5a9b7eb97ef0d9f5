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
            Examples:
              namectl share blog --label friends
              namectl resolve "$(namectl share blog --label friends)"
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Key label or the name it controls (any Ed25519 name works).") var key: String
    @Option(help: "The private label used with `publish --label`.") var label: String

    func run() throws {
        let ctx = CLIContext(global, command: "share")
        let owner: Name
        if let name = try? Name(key) { owner = name } else { owner = try ctx.keyEntry(key).name }
        let address: PrivateAddress
        do { address = try PrivateAddress(owner: owner, label: PrivateLabel(label)) } catch { throw CLIError(error) }
        if global.json {
            ctx.printJSON(["address": address.description, "owner": owner.description, "label": address.label.text,
                           "blindedName": address.blindedName.description])
        } else {
            print(address)
        }
    }
}
