import ArgumentParser
import NameKeys
import NameRecord
import NameStore

struct RecordExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the current signed record of a name to a file (for sneakernet or another resolver).",
        discussion: "Example: namectl record export k51qzi5uqu5d… -o name.ipns-record"
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Name (or key label).") var name: String
    @Option(name: .shortAndLong, help: "Output file.") var output: String

    func run() async throws {
        let ctx = CLIContext(global, command: "record")
        let target: Name
        if let parsed = try? Name(name) { target = parsed } else { target = try ctx.keyEntry(name).name }
        let store = try ctx.openStore()
        let stored: StoredRecord?
        do { stored = try store.record(for: target) } catch { throw CLIError(error) }
        guard let stored else { throw CLIError("no record held for \(target)", .notFound) }
        do { try AtomicFile.write(stored.record.bytes, to: output, mode: 0o644) } catch {
            throw CLIError("cannot write \(output): \(error.reason)", .stateError)
        }
        if global.json {
            ctx.printJSON(["name": target.description, "file": output, "sequence": stored.record.sequence ?? 0])
        } else {
            print("wrote \(output): \(target) sequence \(stored.record.sequence ?? 0)")
        }
    }
}
