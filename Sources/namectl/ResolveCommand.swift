import ArgumentParser
import NameKeys
import NameRecord
import NameResolver

struct ResolveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Resolve a name or /ipns/ path to its current value.",
        discussion: """
            Every record is validated (signature, key, expiry, no rollback); /ipns/ values are followed
            recursively (up to 32 hops, loops detected) and the remaining path is appended.
            Examples:
              namectl resolve k51qzi5uqu5d…
              namectl resolve /ipns/k51qzi5uqu5d…/docs/index.html --json
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Name, /ipns/<name>[/path] or /ipfs/<cid>[/path].") var path: String

    func run() async throws {
        let ctx = CLIContext(global, command: "resolve")
        let store = try ctx.openStore()
        let resolver = NameResolver(ResolverConfiguration(store: store))
        let result: Resolution
        do { result = try await resolver.resolve(path) } catch { throw CLIError(error) }
        if global.json {
            var object: [String: Any] = ["value": result.value, "hops": result.hops]
            object["name"] = result.name?.description
            object["sequence"] = result.sequence
            object["validity"] = result.validity?.rfc3339
            object["ttl"] = result.ttl
            object["source"] = result.source
            ctx.printJSON(object)
        } else {
            print(result.value)
        }
    }
}
