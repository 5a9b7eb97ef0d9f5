import ArgumentParser
import NameDHT

struct FollowRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Stop following a name.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The name.") var name: String

    func run() async throws {
        let ctx = CLIContext(global, command: "follow")
        let parsed = try parseFollowedName(name)
        let removed: Bool
        do { removed = try ctx.followList().remove(parsed) } catch let error as DHTError { throw CLIError(error.reason, .stateError) }
        guard removed else { throw CLIError("not following \(parsed)", .notFound) }
        if global.json { ctx.printJSON(["name": parsed.description, "removed": true]) } else { print("stopped following \(parsed)") }
    }
}
