#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A DNS server: a numeric IPv4 or IPv6 address and a port.
public struct DNSServerAddress: Hashable, Sendable, CustomStringConvertible {
    /// The numeric address (`127.0.0.1`, `::1`).
    public let host: String
    /// The port (53 by default).
    public let port: UInt16

    /// Makes an address; `host` must be a numeric IPv4 or IPv6 address.
    /// - Throws: `invalidServer` otherwise.
    public init(host: String, port: UInt16 = 53) throws(DNSError) {
        guard DNSServerAddress.family(of: host) != nil else {
            throw DNSError(.invalidServer, "'\(host)' is not a numeric IPv4 or IPv6 address")
        }
        self.host = host
        self.port = port
    }

    /// Parses `host`, `host:port`, `[v6]` or `[v6]:port` (a bare IPv6 address takes port 53).
    /// - Throws: `invalidServer`.
    public init(parsing text: String) throws(DNSError) {
        var host = text
        var port: UInt16 = 53
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw DNSError(.invalidServer, "'\(text)': missing ']'") }
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let p = UInt16(rest.dropFirst()), p > 0 else {
                    throw DNSError(.invalidServer, "'\(text)': bad port")
                }
                port = p
            }
        } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
            host = String(text[..<colon])
            guard let p = UInt16(text[text.index(after: colon)...]), p > 0 else {
                throw DNSError(.invalidServer, "'\(text)': bad port")
            }
            port = p
        }
        try self.init(host: host, port: port)
    }

    /// The `nameserver` entries of a resolv.conf file (default `/etc/resolv.conf`), in order.
    /// Entries that are not numeric addresses (or carry a `%scope`) are skipped.
    /// - Throws: `fileUnreadable`, or `noServers` when none is usable.
    public static func system(resolvConf path: String = "/etc/resolv.conf") throws(DNSError) -> [DNSServerAddress] {
        let text = try FileText.read(path)
        var servers: [DNSServerAddress] = []
        for line in text.split(whereSeparator: { $0 == "\n" }) {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2, fields[0] == "nameserver" else { continue }
            if let server = try? DNSServerAddress(host: String(fields[1])) { servers.append(server) }
        }
        guard !servers.isEmpty else { throw DNSError(.noServers, "\(path) lists no usable nameserver") }
        return servers
    }

    static func family(of host: String) -> Int32? {
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return AF_INET }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 { return AF_INET6 }
        return nil
    }

    /// `host:port`, with brackets around IPv6 hosts.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
