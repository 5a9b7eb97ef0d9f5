import ArgumentParser
import Foundation
import NameKeys
import NameRecord
import NameStore

struct RecordImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Validate signed record files and store them; a record never replaces a newer one.",
        discussion: """
            The name is taken from --name, from the record's pubKey, or from a file named <name>[_…].ipns-record.
            Example: namectl record import k51qzi5uqu5d….ipns-record
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "The name the records are for (when the file name does not say).") var name: String?
    @Argument(help: "Record files.") var files: [String]

    func run() async throws {
        let ctx = CLIContext(global, command: "record")
        let store = try ctx.openStore()
        var worst: CLIError?
        var results: [[String: Any]] = []
        for file in files {
            do {
                let (target, record) = try RecordFileLoader.load(file, name: name)
                let highest: UInt64?
                do { highest = try store.highestSeen(target) } catch { throw CLIError(error) }
                let verified: VerifiedRecord
                do { verified = try RecordValidator.standard.validate(record, for: target, highestSeenSequence: highest) } catch { throw CLIError(error) }
                let outcome: PutOutcome
                do { outcome = try store.put(verified, source: "import") } catch { throw CLIError(error) }
                results.append(["file": file, "name": target.description, "sequence": record.sequence ?? 0,
                                "imported": outcome == .stored])
                if !global.json {
                    print(outcome == .stored ? "imported \(target) sequence \(record.sequence ?? 0)" : "already held: \(target) sequence \(record.sequence ?? 0)")
                }
            } catch {
                let cliError = CLIError.from(error)
                results.append(["file": file, "error": cliError.message])
                FileHandle.standardError.write(Data("error: \(file): \(cliError.message)\n".utf8))
                if worst == nil { worst = cliError }
            }
        }
        if global.json { ctx.printJSON(["results": results]) }
        if let worst { throw CLIError("\(files.count == 1 ? "" : "some ")records were not imported", worst.exitCode) }
    }
}
