import ArgumentParser
import DelegatedHTTP
import NameResolver
import NameStore

/// Where records are fetched from and published to, beyond the local store.
struct NetworkOptions: ParsableArguments {
    @Option(name: .customLong("api"), help: ArgumentHelp("Delegated Routing V1 server (a namectl daemon, someguy…); repeatable.", valueName: "url"))
    var apis: [String] = []

    @Option(help: "Per-source / per-transport timeout, in seconds.") var sourceTimeout: Double = 5

    /// Clients for every `--api`.
    func clients() throws(CLIError) -> [DelegatedRoutingClient] {
        var out: [DelegatedRoutingClient] = []
        for api in apis {
            do { out.append(try DelegatedRoutingClient(endpoint: api, timeout: sourceTimeout)) } catch {
                throw CLIError(error.reason, .invalidInput)
            }
        }
        return out
    }

    /// Resolver sources: the local store plus every network source given.
    func sources(store: NameStore) throws(CLIError) -> [any RecordSource] {
        [LocalStoreSource(store: store)] + (try clients()).map { DelegatedHTTPSource(client: $0) as any RecordSource }
    }

    /// Publish transports for every network destination given.
    func transports() throws(CLIError) -> [any PublishTransport] {
        (try clients()).map { DelegatedHTTPTransport(client: $0) as any PublishTransport }
    }
}
