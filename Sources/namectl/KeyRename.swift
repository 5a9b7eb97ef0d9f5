import ArgumentParser
import NameKeys

struct KeyRename: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rename", abstract: "Rename a key (never overwrites another).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Current label.") var label: String
    @Argument(help: "New label.") var newLabel: String

    func run() async throws {
        let ctx = CLIContext(global, command: "key")
        do { try ctx.keystore.rename(label, to: newLabel) } catch { throw CLIError(error) }
        if global.json { ctx.printJSON(["from": label, "to": newLabel]) } else { print("renamed \(label) to \(newLabel)") }
    }
}
