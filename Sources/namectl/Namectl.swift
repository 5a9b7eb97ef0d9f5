import ArgumentParser
import Foundation

@main
struct Namectl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "namectl",
        abstract: "Self-certifying names: an Ed25519 key is a name; signed IPNS records point it at content.",
        discussion: """
            Examples:
              namectl key gen blog
              namectl publish blog /ipfs/bafkqaddwgevxmmraojswg33smq
              namectl resolve /ipns/k51qzi5uqu5d…/index.html
              namectl record create --key blog --value /ipfs/bafy… -o blog.ipns-record
              namectl inspect blog.ipns-record --json

            Exit codes: 0 ok, 1 not found, 2 invalid input, 3 validation failed,
            4 key or passphrase error, 5 local state or I/O error, 6 network error.
            """,
        version: "namectl 0.2.0",
        subcommands: [KeyCommand.self, PublishCommand.self, ShareCommand.self, ResolveCommand.self, RecordCommand.self, InspectCommand.self, ZoneCommand.self, DNSLinkCommand.self, DHTCommand.self, AminoCommand.self, FollowCommand.self, DaemonCommand.self]
    )

    /// Runs the command line, mapping every failure to a clear message and a documented exit code.
    static func main() async {
        let order = GlobalArgumentOrder(Array(CommandLine.arguments.dropFirst()), root: Namectl.self)
        var parsed = false
        do {
            var command = try parseAsRoot(order.arguments)
            parsed = true
            if var async = command as? AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
        } catch let error as CLIError {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            Foundation.exit(error.exitCode.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            let message = fullMessage(for: error)
            // `inspect --json` prints one JSON object for every outcome, usage errors included.
            if !parsed, order.commandPath == ["inspect"], order.wantsJSON {
                CLIContext.printJSON(InspectReport.failureJSON(code: "usage", reason: message))
            }
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            // Argument errors use the documented "invalid input" code, not EX_USAGE.
            Foundation.exit(code == .validationFailure ? ExitStatus.invalidInput.rawValue : code.rawValue)
        }
    }
}
