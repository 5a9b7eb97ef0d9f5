import ArgumentParser

/// Lets the global options (`--home <dir>`, `--json`, `--verbose`/`-v`) stand before the subcommand,
/// as in git or kubo: `namectl --home /x key list` is rearranged to `namectl key list --home /x`,
/// the position ArgumentParser reads them in (every leaf command has `GlobalOptions`).
///
/// Only options before the leaf subcommand move; `--` ends the scan, and anything unrecognised before
/// the leaf leaves the arguments as they were, so ArgumentParser reports the error as usual.
struct GlobalArgumentOrder {
    /// The arguments to parse.
    let arguments: [String]
    /// The subcommand words found (`["key", "list"]`), empty when none was recognised.
    let commandPath: [String]

    /// Global options that take a value (also accepted as `--opt=value`).
    static let valued: Set<String> = ["--home"]
    /// Global options without a value.
    static let flags: Set<String> = ["--json", "--verbose", "-v"]

    /// Rearranges `arguments` (without the program name) for the command tree under `root`.
    init(_ arguments: [String], root: any ParsableCommand.Type) {
        var moved: [String] = []
        var path: [String] = []
        var command = root
        var index = 0
        while index < arguments.count, !command.configuration.subcommands.isEmpty {
            let word = arguments[index]
            if GlobalArgumentOrder.flags.contains(word) || GlobalArgumentOrder.isValuedWithEquals(word) {
                moved.append(word)
                index += 1
            } else if GlobalArgumentOrder.valued.contains(word), index + 1 < arguments.count {
                moved += [word, arguments[index + 1]]
                index += 2
            } else if let sub = command.configuration.subcommands.first(where: { $0.configuration.commandName == word }) {
                path.append(word)
                command = sub
                index += 1
            } else {
                break
            }
        }
        commandPath = path
        let reachedLeaf = !path.isEmpty && command.configuration.subcommands.isEmpty
        self.arguments = reachedLeaf ? path + moved + arguments[index...] : arguments
    }

    /// Whether the arguments ask for JSON output (`--json` before any `--`).
    var wantsJSON: Bool { arguments.prefix { $0 != "--" }.contains("--json") }

    private static func isValuedWithEquals(_ word: String) -> Bool {
        guard let equals = word.firstIndex(of: "=") else { return false }
        return valued.contains(String(word[..<equals]))
    }
}
