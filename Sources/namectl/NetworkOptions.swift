import ArgumentParser
import DelegatedHTTP
import Foundation
import Libp2p
import NameAmino
import NameDHT
import NameDNS
import NameResolver
import NameStore

/// Where records are fetched from and published to, beyond the local store.
struct NetworkOptions: ParsableArguments {
    @Option(name: .customLong("api"), help: ArgumentHelp("Delegated Routing V1 server (a namectl daemon, someguy…); repeatable.", valueName: "url"))
    var apis: [String] = []

    @Option(name: .customLong("gateway"), help: ArgumentHelp("Trustless gateway (GET /ipns/{name}?format=ipns-record; a namectl daemon, Kubo…) as a record source; repeatable. Its answers are validated.", valueName: "url"))
    var gateways: [String] = []

    @Option(name: .customLong("dns-server"), help: ArgumentHelp("DNS server for DNSLink and signed-record TXT (default: /etc/resolv.conf); repeatable.", valueName: "host:port"))
    var dnsServers: [String] = []

    @Option(help: ArgumentHelp("DNSSEC trust anchor (DS or DNSKEY records); bogus answers become errors.", valueName: "file"))
    var trustAnchor: String?

    @Flag(help: "Use the Mainline DHT (BEP 44).") var dht = false

    @Flag(help: "DHT BEP 42 secure mode: only nodes whose ID fits their address enter the routing table or are trusted for items (always on for the daemon).")
    var dhtSecure = false

    @Option(help: ArgumentHelp("DHT bootstrap nodes (default: the public routers, then the saved routing table).", valueName: "host:port,..."))
    var bootstrap: String?

    @Flag(help: "Use the IPFS Amino DHT, where Kubo, Helia and the gateways look (Kubo's LAN DHT for peers at private addresses).")
    var amino = false

    @Option(name: .customLong("amino-bootstrap"), help: ArgumentHelp("Amino bootstrap peers, /ip4|ip6|dns4|dns6|dnsaddr/…/p2p/<peer id> (default: the public Amino bootstrap peers).", valueName: "multiaddr,..."))
    var aminoBootstrap: String?

    @Option(name: .customLong("source-timeout"), help: "Per-source / per-transport timeout (default: 5s; a plain number is seconds).",
            transform: DurationOption.parser(GoDuration.timeoutRange))
    var sourceTimeoutOption = DurationOption(nanoseconds: 5 * GoDuration.second, text: "5s")

    /// `--source-timeout` in seconds.
    var sourceTimeout: Double { sourceTimeoutOption.seconds }

    /// Defaults from the environment, so a machine can make the DHT or a daemon its standing
    /// transports: `NAMECTL_DHT=1`, `NAMECTL_BOOTSTRAP=host:port,…`, `NAMECTL_API=url,…`,
    /// `NAMECTL_DNS_SERVER=host:port,…`, `NAMECTL_AMINO=1`, `NAMECTL_AMINO_BOOTSTRAP=multiaddr,…`.
    /// Flags add to (or, for bootstrap lists, replace) these.
    static func environmentList(_ variable: String) -> [String] {
        (ProcessInfo.processInfo.environment[variable] ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    var effectiveAPIs: [String] { apis + NetworkOptions.environmentList("NAMECTL_API") }
    var effectiveDNSServers: [String] { dnsServers.isEmpty ? NetworkOptions.environmentList("NAMECTL_DNS_SERVER") : dnsServers }
    var effectiveDHT: Bool { dht || ["1", "true", "yes"].contains(ProcessInfo.processInfo.environment["NAMECTL_DHT"]?.lowercased() ?? "") }
    var effectiveBootstrap: String? { bootstrap ?? ProcessInfo.processInfo.environment["NAMECTL_BOOTSTRAP"].flatMap { $0.isEmpty ? nil : $0 } }
    var effectiveAmino: Bool { amino || ["1", "true", "yes"].contains(ProcessInfo.processInfo.environment["NAMECTL_AMINO"]?.lowercased() ?? "") }
    var effectiveAminoBootstrap: [String] {
        if let aminoBootstrap { return aminoBootstrap.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        let fromEnvironment = NetworkOptions.environmentList("NAMECTL_AMINO_BOOTSTRAP")
        return fromEnvironment.isEmpty ? AminoBootstrap.defaultPeers : fromEnvironment
    }

    /// Clients for every distinct `--api` (and `NAMECTL_API`) endpoint, in the order given.
    func clients() throws(CLIError) -> [DelegatedRoutingClient] {
        try clients(for: effectiveAPIs)
    }

    /// Clients for every distinct `--gateway` endpoint, in the order given.
    func gatewayClients() throws(CLIError) -> [DelegatedRoutingClient] {
        try clients(for: gateways)
    }

    private func clients(for endpoints: [String]) throws(CLIError) -> [DelegatedRoutingClient] {
        var out: [DelegatedRoutingClient] = []
        var seen = Set<String>()
        for endpoint in endpoints {
            let client: DelegatedRoutingClient
            do { client = try DelegatedRoutingClient(endpoint: endpoint, timeout: sourceTimeout) } catch {
                throw CLIError(error.reason, .invalidInput)
            }
            if seen.insert(client.endpoint.absoluteString).inserted { out.append(client) }
        }
        return out
    }

    /// A stub resolver over `--dns-server` or the system's servers.
    func stubResolver() throws(CLIError) -> StubResolver {
        try NetworkOptions.stubResolver(servers: effectiveDNSServers, timeout: sourceTimeout)
    }

    /// A stub resolver over `servers` (`host:port`), or the system's when empty; two attempts within `timeout`.
    static func stubResolver(servers dnsServers: [String], timeout seconds: Double) throws(CLIError) -> StubResolver {
        do {
            let servers = dnsServers.isEmpty ? try DNSServerAddress.system() : try dnsServers.map { s throws(DNSError) in try DNSServerAddress(parsing: s) }
            let timeout = Swift.Duration.milliseconds(Int64(max(0.1, min(seconds, 10)) * 1000 / 2))
            return StubResolver(configuration: DNSResolverConfiguration(servers: servers, timeout: timeout, attempts: 2))
        } catch {
            throw CLIError(error.reason, .invalidInput)
        }
    }

    /// DNS for domain hops (always available for DNS names).
    func dnsSource() throws(CLIError) -> DNSSource {
        var anchor: TrustAnchor?
        if let trustAnchor {
            do { anchor = try TrustAnchor(file: trustAnchor) } catch { throw CLIError(error.reason, .invalidInput) }
        }
        return DNSSource(resolver: try stubResolver(), anchor: anchor)
    }

    /// Starts a DHT node when `--dht` is given (routing table restored from the store) and bootstraps
    /// it in the background; lookups do not wait for that: each asks the saved nodes and the bootstrap
    /// hosts at once.
    func dhtNode(store: NameStore, ctx: CLIContext, secure: Bool = false) async throws(CLIError) -> DHTSource? {
        guard effectiveDHT else { return nil }
        var config = DHTConfiguration()
        config.secure = secure || dhtSecure
        let bootstrap = effectiveBootstrap
        if let bootstrap {
            config.bootstrapNodes = bootstrap.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            // An explicit list is a private or test network: allow loopback and private addresses.
            config.allowPrivateAddresses = true
        }
        config.lookupTimeout = .milliseconds(Int64(sourceTimeout * 1000))
        config.logger = ctx.global.logger("dht")
        let node = DHTNode(configuration: config)
        do { _ = try await node.start() } catch { throw CLIError("cannot start the DHT node: \(error.reason)", .networkError) }
        let saved = ((try? store.loadDHTContacts()) ?? []).compactMap { try? DHTContact(parsing: $0) }
        _ = await node.importRoutingTable(saved)
        let logger = ctx.logger
        let ready = Task {
            do throws(DHTError) { _ = try await node.bootstrap() } catch { logger.warning("DHT bootstrap incomplete: \(error.reason)") }
        }
        return DHTSource(node: node, ready: ready)
    }

    /// Saves the DHT routing table and stops the node; closes the Amino client's connections.
    func finish(_ dht: DHTSource?, store: NameStore, amino: AminoSource? = nil) async {
        await amino?.close()
        guard let dht else { return }
        dht.ready?.cancel()
        let node = dht.node
        let contacts = await node.exportRoutingTable().map(\.description)
        if !contacts.isEmpty { try? store.saveDHTContacts(contacts) }
        await node.stop()
    }

    /// An Amino source when `--amino` (or `NAMECTL_AMINO=1`) is given, with the peer identity kept in
    /// `<home>/amino/identity.key` (created on first use, 0600). Its bootstrap starts at once in the
    /// background (`/dnsaddr` entries resolved through the DNS stub); Amino lookups wait for it,
    /// other sources do not.
    func aminoSource(ctx: CLIContext) throws(CLIError) -> AminoSource? {
        guard effectiveAmino else { return nil }
        var addresses: [Multiaddr] = []
        for text in effectiveAminoBootstrap {
            let address: Multiaddr
            do { address = try Multiaddr(text) } catch { throw CLIError("--amino-bootstrap \(text): \(error.reason)", .invalidInput) }
            let listsPeers: Bool = if case .dnsaddr = address.components.first { true } else { false }
            guard listsPeers || (address.peerID != nil && address.tcpEndpoint != nil) else {
                throw CLIError("--amino-bootstrap \(text): not a /…/tcp/<port>/p2p/<peer id> or /dnsaddr/… address", .invalidInput)
            }
            addresses.append(address)
        }
        let identity: IdentityKey
        do { identity = try AminoIdentity.loadOrCreate(at: ctx.home + "/amino/identity.key") } catch {
            throw CLIError(error.reason, .stateError)
        }
        let timeout = Duration.milliseconds(Int64(max(0.5, sourceTimeout) * 1000))
        let host = Libp2pHostConfiguration(dialTimeout: timeout, upgradeTimeout: timeout, negotiateTimeout: timeout)
        let client = AminoClient(identity: identity, configuration: AminoConfiguration(queryTimeout: timeout, host: host))
        let source = AminoSource(client: client, bootstrapPeers: addresses, dns: try stubResolver())
        source.startBootstrap()
        return source
    }

    /// A resolver configuration: local store, DNS (for DNS names and signed TXT records),
    /// delegated HTTP servers, and the DHT and Amino when started.
    func resolverConfiguration(store: NameStore, dht: DHTSource?, amino: AminoSource? = nil) throws(CLIError) -> ResolverConfiguration {
        let dns = try dnsSource()
        var sources: [any RecordSource] = [LocalStoreSource(store: store)]
        sources += (try clients()).map { DelegatedHTTPSource(client: $0) as any RecordSource }
        sources += (try gatewayClients()).map { TrustlessGatewaySource(client: $0) as any RecordSource }
        if let dht { sources.append(dht) }
        if let amino { sources.append(amino) }
        var config = ResolverConfiguration(store: store, sources: sources)
        config.dns = dns
        config.perSourceTimeout = sourceTimeout
        return config
    }

    /// Publish transports for every network destination given (DNS UPDATE comes from `DNSUpdateOptions`).
    func transports(dht: DHTSource?, amino: AminoSource? = nil) throws(CLIError) -> [any PublishTransport] {
        var out = (try clients()).map { DelegatedHTTPTransport(client: $0) as any PublishTransport }
        if let dht { out.append(dht) }
        if let amino { out.append(amino) }
        return out
    }
}
