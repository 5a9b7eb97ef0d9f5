import ArgumentParser

struct RecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Create, export and import signed records (files other implementations can read).",
        subcommands: [RecordCreate.self, RecordExport.self, RecordImport.self]
    )
}
