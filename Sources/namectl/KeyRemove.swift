import ArgumentParser
import Foundation
import NameKeys

struct KeyRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Delete a key. Asks for confirmation unless --force.",
        discussion: "Without the key, the name can never be updated again. Export it first if unsure."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Key label.") var label: String
    @Flag(help: "Do not ask.") var force = false

    func run() async throws {
        let ctx = CLIContext(global, command: "key")
        if !force {
            let description = (try? ctx.keystore.entry(label)).map { "\($0.name)" } ?? "damaged key file"
            guard isatty(STDIN_FILENO) == 1 else {
                throw CLIError("refusing to delete '\(label)' without confirmation: use --force", .invalidInput)
            }
            FileHandle.standardError.write(Data("Delete key '\(label)' (\(description))? The name can never be updated again. Type the label to confirm: ".utf8))
            guard readLine() == label else { throw CLIError("not confirmed; key kept", .invalidInput) }
        }
        do { try ctx.keystore.remove(label) } catch { throw CLIError(error) }
        if global.json { ctx.printJSON(["removed": label]) } else { print("removed \(label)") }
    }
}
