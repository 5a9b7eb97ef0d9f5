/// An IPv4 UDP endpoint (Mainline DHT's compact node format carries IPv4 only).
public struct DHTEndpoint: Hashable, Sendable, CustomStringConvertible {
    /// The address, network byte order as 4 bytes (`127.0.0.1` is `[127, 0, 0, 1]`).
    public let address: [UInt8]
    /// The UDP port.
    public let port: UInt16

    /// Makes an endpoint from 4 address bytes and a port.
    public init?(address: [UInt8], port: UInt16) {
        guard address.count == 4 else { return nil }
        self.address = address
        self.port = port
    }

    /// Parses `a.b.c.d:port` (a numeric IPv4 address; see `resolve(_:)` for host names).
    public init(parsing text: String) throws(DHTError) {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]), port != 0 else {
            throw DHTError(.invalidEndpoint, "'\(text)' is not host:port")
        }
        let parts = text[..<colon].split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { throw DHTError(.invalidEndpoint, "'\(text)' is not a numeric IPv4 host:port") }
        var address: [UInt8] = []
        for p in parts {
            guard p.count <= 3, let b = UInt8(p), String(b) == p else {
                throw DHTError(.invalidEndpoint, "'\(text)' is not a numeric IPv4 host:port")
            }
            address.append(b)
        }
        self.address = address
        self.port = port
    }

    /// Resolves `host:port` (a numeric address or a host name, via getaddrinfo) to IPv4 endpoints.
    /// Blocking; call it off latency-sensitive paths.
    public static func resolve(_ text: String) throws(DHTError) -> [DHTEndpoint] {
        if let e = try? DHTEndpoint(parsing: text) { return [e] }
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]), port != 0 else {
            throw DHTError(.invalidEndpoint, "'\(text)' is not host:port")
        }
        let host = String(text[..<colon])
        let out = try UDPSocket.resolveIPv4(host: host, port: port)
        guard !out.isEmpty else { throw DHTError(.invalidEndpoint, "host '\(host)' has no IPv4 address") }
        return out
    }

    /// Loopback, private (RFC 1918), link-local or CGNAT space: never routable on the public DHT.
    public var isPrivate: Bool {
        let a = address[0], b = address[1]
        return a == 127 || a == 10 || (a == 172 && (16...31).contains(b)) || (a == 192 && b == 168)
            || (a == 169 && b == 254) || (a == 100 && (64...127).contains(b))
    }

    /// Addresses no real node can have: 0.0.0.0/8, multicast, reserved and broadcast, or port 0.
    public var isBogus: Bool {
        port == 0 || address[0] == 0 || address[0] >= 224
    }

    /// `a.b.c.d:port`.
    public var description: String { address.map(String.init).joined(separator: ".") + ":\(port)" }
}
