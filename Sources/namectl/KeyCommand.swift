import ArgumentParser

struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Manage keys (each key is a name).",
        subcommands: [KeyGen.self, KeyList.self, KeyExport.self, KeyImport.self, KeyRename.self, KeyRemove.self, KeyRotate.self]
    )
}
