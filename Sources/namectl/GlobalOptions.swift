import ArgumentParser
import Foundation
import Logging

/// Flags every command accepts.
struct GlobalOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Data directory (keys, database).", discussion: "Default: $NAMECTL_HOME, else ~/.local/share/namectl.", valueName: "dir"))
    var home: String?

    @Flag(help: "Print machine-readable JSON.")
    var json = false

    @Flag(name: .shortAndLong, help: "Log what namectl does (to stderr).")
    var verbose = false

    /// The resolved data directory.
    var homeDirectory: String {
        if let home { return home }
        if let env = ProcessInfo.processInfo.environment["NAMECTL_HOME"], !env.isEmpty { return env }
        let user = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        return user + "/.local/share/namectl"
    }

    /// A logger to stderr at `.debug` with `--verbose`, `.warning` otherwise. Never logs key material.
    func logger(_ label: String) -> Logger {
        var logger = Logger(label: "namectl.\(label)") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .warning
        return logger
    }
}

/// How encrypted keys get their passphrase.
struct PassphraseOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Read the key passphrase from this file (first line).", valueName: "file"))
    var passphraseFile: String?

    @Flag(help: "Store new keys unencrypted (tests and CI only).")
    var insecureNoPassphrase = false
}
