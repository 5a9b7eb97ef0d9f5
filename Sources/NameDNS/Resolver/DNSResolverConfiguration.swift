/// How the stub resolver talks to servers. Every lookup is bounded by
/// `attempts × servers.count × timeout` (a TCP fallback shares its attempt's timeout); with
/// servers that answer, one round takes about the fastest healthy server's round trip.
public struct DNSResolverConfiguration: Sendable {
    /// Servers; each attempt asks them staggered, healthiest first (see `StubResolver`).
    public var servers: [DNSServerAddress]
    /// How long one attempt at one server may take.
    public var timeout: Duration
    /// How many rounds over the server list.
    public var attempts: Int
    /// The EDNS0 UDP payload size advertised (`nil`: no EDNS0, answers above 512 bytes come truncated).
    public var udpPayloadSize: UInt16?
    /// Whether to set RD (ask a recursive server to recurse). Harmless against authoritative servers.
    public var recursionDesired: Bool

    /// Makes a configuration. Defaults: 2 s per attempt, 2 attempts, EDNS0 with 1232 bytes, RD set.
    public init(servers: [DNSServerAddress], timeout: Duration = .seconds(2), attempts: Int = 2,
                udpPayloadSize: UInt16? = 1232, recursionDesired: Bool = true) {
        self.servers = servers
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.udpPayloadSize = udpPayloadSize
        self.recursionDesired = recursionDesired
    }

    /// The servers from `/etc/resolv.conf` (or another resolv.conf) with the default settings.
    /// - Throws: `fileUnreadable`, `noServers`.
    public static func system(resolvConf path: String = "/etc/resolv.conf") throws(DNSError) -> DNSResolverConfiguration {
        DNSResolverConfiguration(servers: try DNSServerAddress.system(resolvConf: path))
    }
}
