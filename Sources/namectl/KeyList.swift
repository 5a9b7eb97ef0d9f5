import ArgumentParser
import Foundation
import NameKeys
import NameRecord

struct KeyList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List keys: label, name, created.")

    @OptionGroup var global: GlobalOptions

    static func json(_ e: KeyEntry) -> [String: Any] {
        ["label": e.label, "name": e.name.description, "created": Timestamp(seconds: e.created).rfc3339, "encrypted": e.encrypted]
    }

    func run() async throws {
        let ctx = CLIContext(global, command: "key")
        let (keys, damaged): ([KeyEntry], [String])
        do { (keys, damaged) = try ctx.keystore.list() } catch { throw CLIError(error) }
        for label in damaged {
            FileHandle.standardError.write(Data("warning: key file '\(label)' is damaged and was skipped\n".utf8))
        }
        if global.json {
            ctx.printJSON(["keys": keys.map(KeyList.json), "damaged": damaged])
            return
        }
        for e in keys {
            let created = String(Timestamp(seconds: e.created).rfc3339.prefix(19)) + "Z"
            print("\(e.label.padding(toLength: max(12, e.label.count), withPad: " ", startingAt: 0))  \(e.name)  \(created)\(e.encrypted ? "" : "  (unencrypted)")")
        }
    }
}
