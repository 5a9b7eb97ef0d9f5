// A tiny IPNS gateway front: resolve a Host header or an /ipns/ path with the NameResolver library
// and redirect to a content gateway. Built by `make build` (product `namectl-gateway-example`).
//
//   namectl-gateway-example --home ~/.local/share/namectl [--api http://127.0.0.1:8080] [--gateway http://127.0.0.1:8080] /ipns/k51…/index.html
//   namectl-gateway-example --host k51….ipns.localhost /index.html
//
// Prints the redirect a gateway would send: `302 Location: https://<gateway>/ipfs/<cid>/index.html`.
import DelegatedHTTP
import Foundation
import NameResolver
import NameStore

@main
struct GatewayExample {
    static func main() async {
        var args = Array(CommandLine.arguments.dropFirst())
        func option(_ flag: String) -> String? {
            guard let i = args.firstIndex(of: flag), i + 1 < args.count else { return nil }
            defer { args.removeSubrange(i...(i + 1)) }
            return args[i + 1]
        }
        let home = option("--home") ?? ProcessInfo.processInfo.environment["NAMECTL_HOME"]
            ?? (NSHomeDirectory() + "/.local/share/namectl")
        let api = option("--api")
        // A trustless gateway (`/ipns/{name}?format=ipns-record`); its records are validated like any other.
        let gateway = option("--gateway")
        let host = option("--host")
        let upstream = option("--upstream") ?? "https://dweb.link"
        guard let requestPath = args.first else {
            print("usage: namectl-gateway-example [--home dir] [--api url] [--gateway url] [--host name.ipns.domain] <path>")
            exit(2)
        }
        // A subdomain gateway request `<name>.ipns.<domain>/<path>` means `/ipns/<name>/<path>`.
        var path = requestPath
        if let host, let label = host.split(separator: ".").first, host.contains(".ipns.") {
            path = "/ipns/\(label)" + (requestPath.hasPrefix("/") ? requestPath : "/" + requestPath)
        }
        do {
            let store = try NameStore(path: home + "/namectl.sqlite")
            var sources: [any RecordSource] = [LocalStoreSource(store: store)]
            if let api { sources.append(DelegatedHTTPSource(client: try DelegatedRoutingClient(endpoint: api))) }
            if let gateway { sources.append(TrustlessGatewaySource(client: try DelegatedRoutingClient(endpoint: gateway))) }
            let resolver = NameResolver(ResolverConfiguration(store: store, sources: sources))
            let result = try await resolver.resolve(path)
            let maxAge = (result.ttl ?? 0) / 1_000_000_000
            print("302 Location: \(upstream)\(result.value)")
            print("Cache-Control: public, max-age=\(maxAge)")
            if let seq = result.sequence, let source = result.source { print("X-Ipns-Sequence: \(seq) (from \(source))") }
        } catch {
            print("502 \(error)")
            exit(1)
        }
    }
}
