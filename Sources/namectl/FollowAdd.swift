import ArgumentParser
import NameDHT

struct FollowAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Follow a name (k51… or /ipns/k51…).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The name.") var name: String

    func run() async throws {
        let ctx = CLIContext(global, command: "follow")
        let parsed = try parseFollowedName(name)
        let added: Bool
        do { added = try ctx.followList().add(parsed) } catch let error as DHTError { throw CLIError(error.reason, .stateError) }
        if global.json { ctx.printJSON(["name": parsed.description, "added": added]) } else {
            print(added ? "following \(parsed)" : "already following \(parsed)")
        }
    }
}
