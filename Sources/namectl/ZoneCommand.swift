import ArgumentParser
import NameDNS
import NameKeys
import NameRecord
import NameResolver
import NameStore

extension ZoneSnippetFormat: ExpressibleByArgument {}

struct ZoneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zone",
        abstract: "Print DNS TXT lines (zone file, nsupdate or JSON) for a name's DNSLink and signed record.",
        discussion: """
            Both TXT records live at _dnslink.<domain>: "dnslink=/ipns/k51…" (what every DNSLink resolver reads)
            and "ipns-record=<base64>" (the signed record, split into ≤255-byte strings; other resolvers ignore it).
            Examples:
              namectl zone blog --domain example.com
              namectl zone blog --domain example.com --format nsupdate --zone example.com
              namectl zone --value /ipfs/bafy… --domain example.com      (plain DNSLink, no key)
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Key label or name (omit with --value).") var key: String?
    @Option(help: "The domain.") var domain: String
    @Option(name: .customLong("ttl"), help: "TTL of the TXT records, whole seconds (default: 300; 5m works too).",
            transform: DurationOption.parser(GoDuration.dnsTTLRange, wholeSeconds: true))
    var ttlOption = DurationOption(nanoseconds: 300 * GoDuration.second, text: "300")
    @Option(help: "zone, nsupdate or json.") var format: ZoneSnippetFormat = .zone
    @Option(help: "Zone for nsupdate output (default: the domain).") var zone: String?
    @Option(help: "A plain DNSLink value (/ipfs/<cid> or /ipns/<name|domain>) instead of a key's name.") var value: String?

    func run() async throws {
        let ctx = CLIContext(global, command: "zone")
        let snippet: ZoneSnippet
        do {
            if let value {
                guard key == nil else { throw CLIError("give a key or --value, not both", .invalidInput) }
                let path: String
                do { path = try IPNSPath.publishValue(value) } catch { throw CLIError(error) }
                snippet = try ZoneSnippet(domain: domain, ttl: UInt32(ttlOption.nanoseconds / GoDuration.second), link: path)
            } else {
                guard let key else { throw CLIError("give a key label or name, or --value", .invalidInput) }
                let name: Name
                if let parsed = try? Name(key) { name = parsed } else { name = try ctx.keyEntry(key).name }
                let store = try ctx.openStore()
                let held: StoredRecord?
                do { held = try store.record(for: name) } catch { throw CLIError(error) }
                if held == nil { ctx.logger.warning("no record held for \(name): printing the DNSLink only (publish first to include the signed record)") }
                snippet = try ZoneSnippet(domain: domain, ttl: UInt32(ttlOption.nanoseconds / GoDuration.second), name: name, signedRecord: held?.record)
            }
        } catch let error as DNSError {
            throw CLIError(error.reason, .invalidInput)
        }
        print(snippet.render(global.json ? .json : format, zone: zone), terminator: "")
    }
}
