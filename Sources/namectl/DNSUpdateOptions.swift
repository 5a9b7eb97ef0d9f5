import ArgumentParser
import NameDNS
import NameResolver

/// `publish --dns-update`: RFC 2136 UPDATE of the DNSLink and signed-record TXT, TSIG-signed.
struct DNSUpdateOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Authoritative server to send an RFC 2136 UPDATE to.", valueName: "host:port")) var dnsUpdate: String?
    @Option(help: ArgumentHelp("Zone to update (e.g. example.com).", valueName: "zone")) var zone: String?
    @Option(help: ArgumentHelp("Domain whose _dnslink owner is replaced (default: the zone apex).", valueName: "domain")) var domain: String?
    @Option(help: ArgumentHelp("TSIG key, nsupdate -y style (default algorithm hmac-sha256).", valueName: "[alg:]name:secret")) var tsig: String?
    @Option(help: ArgumentHelp("TSIG key file (BIND/Knot `key` clause).", valueName: "file")) var tsigFile: String?
    @Option(name: .customLong("dns-ttl"), help: "TTL of the published TXT records, whole seconds (default: 300; 5m works too).",
            transform: DurationOption.parser(GoDuration.dnsTTLRange, wholeSeconds: true))
    var dnsTTLOption = DurationOption(nanoseconds: 300 * GoDuration.second, text: "300")

    /// `--dns-ttl` in whole seconds.
    var dnsTTL: UInt32 { UInt32(dnsTTLOption.nanoseconds / GoDuration.second) }

    /// The UPDATE transport, when `--dns-update` is given.
    func transport() throws(CLIError) -> (any PublishTransport)? {
        guard let dnsUpdate else {
            if zone != nil || tsig != nil || tsigFile != nil { throw CLIError("--zone/--tsig need --dns-update <server:port>", .invalidInput) }
            return nil
        }
        guard let zone else { throw CLIError("--dns-update needs --zone", .invalidInput) }
        do {
            let key: TSIGKey
            switch (tsig, tsigFile) {
            case (let spec?, nil): key = try TSIGKey(parsing: spec)
            case (nil, let file?): key = try TSIGKey(file: file)
            default: throw CLIError("--dns-update needs exactly one of --tsig or --tsig-file", .invalidInput)
            }
            let publisher = DNSUpdatePublisher(server: try DNSServerAddress(parsing: dnsUpdate), zone: zone, key: key)
            return DNSUpdateTransport(publisher: publisher, domain: domain ?? zone, ttl: dnsTTL)
        } catch let error as DNSError {
            throw CLIError(error.reason, .invalidInput)
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("\(error)", .invalidInput)
        }
    }
}
