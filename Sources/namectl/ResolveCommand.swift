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
              namectl resolve ipnspriv1…/docs    (a private address from `namectl share`)
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var network: NetworkOptions
    @Argument(help: "Name, /ipns/<name>[/path], /ipfs/<cid>[/path] or private address ipnspriv1…[/path].") var path: String
    @Flag(help: "Print each strictly better record as sources answer (names only).") var stream = false
    @Flag(name: .customLong("nocache"), help: "Ask the sources even when a cached answer is fresh.") var noCache = false
    @Flag(help: "Use only the local store.") var offline = false
    @Option(help: "Deadline for the whole resolution (2s, 1m30s, 500ms; a plain number is seconds).", transform: DurationOption.parser(GoDuration.timeoutRange))
    var timeout: DurationOption?
    @Option(help: "Wait until this many sources agree on the record.") var quorum: Int = 1

    func run() async throws {
        guard quorum >= 1 else { throw CLIError("--quorum must be at least 1", .invalidInput) }
        let ctx = CLIContext(global, command: "resolve")
        let store = try ctx.openStore()
        let node = offline ? nil : try await network.dhtNode(store: store, ctx: ctx)
        let amino = offline ? nil : try network.aminoSource(ctx: ctx)
        let resolver = NameResolver(try network.resolverConfiguration(store: store, dht: node, amino: amino))
        let options = ResolveOptions(offline: offline, noCache: noCache, timeout: timeout?.seconds, quorum: quorum)
        let outcome: Result<Resolution, ResolveError>
        if stream {
            do { try await streamRecords(resolver, ctx: ctx, options: options) } catch {
                await network.finish(node, store: store, amino: amino)
                throw error
            }
            await network.finish(node, store: store, amino: amino)
            return
        }
        do { outcome = .success(try await resolver.resolve(path, options: options)) } catch { outcome = .failure(error) }
        await network.finish(node, store: store, amino: amino)
        let result: Resolution
        switch outcome {
        case .success(let r): result = r
        case .failure(let error): throw CLIError(error)
        }
        if global.json {
            ctx.printJSON(result.jsonObject)
        } else {
            print(result.value)
        }
    }
}

extension ResolveCommand {
    /// `--stream`: one line (or JSON object) per strictly better record.
    func streamRecords(_ resolver: NameResolver, ctx: CLIContext, options: ResolveOptions) async throws {
        let target: IPNSPath
        do { target = try IPNSPath(path) } catch { throw CLIError(error) }
        guard case .name(let name) = target.root else { throw CLIError("--stream needs an IPNS name", .invalidInput) }
        do {
            for try await item in resolver.stream(name, options: options) {
                let value = String(decoding: item.record.value ?? [], as: UTF8.self)
                if global.json {
                    ctx.printJSON(["value": value, "sequence": item.record.sequence ?? 0, "source": item.source.jsonObject,
                                   "validity": item.record.validity?.rfc3339 ?? ""])
                } else {
                    print("\(value)\tsequence \(item.record.sequence ?? 0)\t\(item.source)")
                }
            }
        } catch let error as ResolveError {
            throw CLIError(error)
        }
    }
}
