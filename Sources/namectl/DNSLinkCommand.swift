import ArgumentParser
import NameDNS

struct DNSLinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dnslink",
        abstract: "Look up a domain's DNSLink exactly as dnslink-std defines it.",
        discussion: """
            --json prints the reference implementations' result shape:
            {"links":{"ipfs":[{"identifier":"…","ttl":N}]},"log":[{"code":"FALLBACK"}|{"code":"INVALID_ENTRY",…}]}
            or {"error":{"code":"DNS_RCODE_<n>"}} (exit 0) when the answer's RCODE is not NOERROR.
            Example: namectl dnslink example.com --json --dns-server 127.0.0.1:5353
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("dns-server"), help: ArgumentHelp("DNS server (default: /etc/resolv.conf); repeatable.", valueName: "host:port"))
    var dnsServers: [String] = []
    @Option(help: ArgumentHelp("DNSSEC trust anchor (DS or DNSKEY records).", valueName: "file")) var trustAnchor: String?
    @Argument(help: "The domain (sent as given).") var domain: String

    func run() async throws {
        let stub = try NetworkOptions.stubResolver(servers: dnsServers, timeout: 5)
        let resolver = DNSLinkResolver(resolver: stub, requestDNSSEC: trustAnchor != nil)
        if global.json && trustAnchor == nil {
            do { print(try await resolver.resolveJSON(domain)) } catch {
                throw CLIError(error.reason, error.code == .timeout || error.code == .network ? .networkError : .invalidInput)
            }
            return
        }
        let lookup: DNSLinkLookup
        do { lookup = try await resolver.lookup(domain) } catch {
            if let code = error.dnslinkErrorCode { throw CLIError("\(domain): \(code)", .notFound) }
            throw CLIError(error.reason, error.code == .timeout || error.code == .network ? .networkError : .invalidInput)
        }
        var status = ""
        if let trustAnchor {
            let anchor: TrustAnchor
            do { anchor = try TrustAnchor(file: trustAnchor) } catch { throw CLIError(error.reason, .invalidInput) }
            do { status = try await DNSSECValidator(resolver: stub, anchor: anchor).require(lookup).status.rawValue } catch {
                throw CLIError("DNSSEC: \(error.reason)", .validationFailed)
            }
        }
        if global.json {
            // With DNSSEC, the reference shape plus a "dnssec" member.
            var json = lookup.result.json
            if json.hasSuffix("}") { json = String(json.dropLast()) + ",\"dnssec\":\"\(status)\"}" }
            print(json)
            return
        }
        for (namespace, ids) in lookup.result.links.sorted(by: { $0.key < $1.key }) {
            for id in ids { print("/\(namespace)/\(id.identifier)\tttl \(id.ttl)") }
        }
        for entry in lookup.result.log { print("log: \(entry)") }
        if !status.isEmpty { print("dnssec: \(status)") }
        if lookup.result.links.isEmpty { throw CLIError("\(domain) has no valid DNSLink", .notFound) }
    }
}
