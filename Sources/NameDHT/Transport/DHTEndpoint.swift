#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A UDP endpoint: an IPv4 (4-byte) or IPv6 (16-byte, BEP 32) address and a port.
public struct DHTEndpoint: Hashable, Sendable, CustomStringConvertible {
    /// The address in network byte order: 4 bytes (`127.0.0.1` is `[127, 0, 0, 1]`) or 16 bytes.
    public let address: [UInt8]
    /// The UDP port.
    public let port: UInt16

    /// Makes an endpoint from 4 (IPv4) or 16 (IPv6) address bytes and a port; `nil` for other lengths.
    public init?(address: [UInt8], port: UInt16) {
        guard address.count == 4 || address.count == 16 else { return nil }
        self.address = address
        self.port = port
    }

    /// Reads the compact form (4- or 16-byte address, then the big-endian port); `nil` for other lengths.
    public init?(compact bytes: some Collection<UInt8>) {
        let b = Array(bytes)
        guard b.count == 6 || b.count == 18 else { return nil }
        self.init(address: Array(b.dropLast(2)), port: UInt16(b[b.count - 2]) << 8 | UInt16(b[b.count - 1]))
    }

    /// The compact form (BEP 5 / BEP 32 / BEP 42 `ip`): the address bytes, then the port big-endian.
    public var compact: [UInt8] { address + [UInt8(port >> 8), UInt8(port & 0xFF)] }

    /// Whether this is an IPv6 endpoint.
    public var isIPv6: Bool { address.count == 16 }

    /// Parses `a.b.c.d:port` or `[v6 address]:port` (numeric addresses; see `resolve(_:)` for host names).
    public init(parsing text: String) throws(DHTError) {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]), port != 0 else {
            throw DHTError(.invalidEndpoint, "'\(text)' is not host:port")
        }
        let host = text[..<colon]
        if host.hasPrefix("["), host.hasSuffix("]") {
            var v6 = in6_addr()
            guard inet_pton(AF_INET6, String(host.dropFirst().dropLast()), &v6) == 1 else {
                throw DHTError(.invalidEndpoint, "'\(text)' is not a numeric [IPv6]:port")
            }
            self.address = withUnsafeBytes(of: &v6) { Array($0) }
            self.port = port
            return
        }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { throw DHTError(.invalidEndpoint, "'\(text)' is not a numeric IPv4 host:port or [IPv6]:port") }
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

    /// Resolves `host:port` (a numeric address or a host name, via getaddrinfo) to IPv4 and IPv6 endpoints.
    /// Blocking; call it off latency-sensitive paths.
    public static func resolve(_ text: String) throws(DHTError) -> [DHTEndpoint] {
        if let e = try? DHTEndpoint(parsing: text) { return [e] }
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]), port != 0 else {
            throw DHTError(.invalidEndpoint, "'\(text)' is not host:port")
        }
        let host = String(text[..<colon])
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else {
            throw DHTError(.invalidEndpoint, "cannot resolve host '\(host)'")
        }
        defer { freeaddrinfo(first) }
        var out: [DHTEndpoint] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            if let sa = info.pointee.ai_addr, let e = DHTEndpoint(sockaddr: UnsafeRawPointer(sa), port: port), !out.contains(e) {
                out.append(e)
            }
            cursor = info.pointee.ai_next
        }
        guard !out.isEmpty else { throw DHTError(.invalidEndpoint, "host '\(host)' has no IP address") }
        return out
    }

    /// Reads a `sockaddr_in` or `sockaddr_in6`; `port` overrides the one inside when given.
    init?(sockaddr raw: UnsafeRawPointer, port: UInt16? = nil) {
        switch Int32(raw.loadUnaligned(as: sa_family_t.self)) {
        case AF_INET:
            let sin = raw.loadUnaligned(as: sockaddr_in.self)
            var a = sin.sin_addr
            address = withUnsafeBytes(of: &a) { Array($0) }
            self.port = port ?? UInt16(bigEndian: sin.sin_port)
        case AF_INET6:
            let sin6 = raw.loadUnaligned(as: sockaddr_in6.self)
            var a = sin6.sin6_addr
            address = withUnsafeBytes(of: &a) { Array($0) }
            self.port = port ?? UInt16(bigEndian: sin6.sin6_port)
        default:
            return nil
        }
    }

    /// Calls `body` with this endpoint as a `sockaddr` and its length.
    func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        if isIPv6 {
            var sin6 = sockaddr_in6()
            sin6.sin6_family = sa_family_t(AF_INET6)
            sin6.sin6_port = port.bigEndian
            withUnsafeMutableBytes(of: &sin6.sin6_addr) { $0.copyBytes(from: address) }
            return withUnsafePointer(to: &sin6) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
        }
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        sin.sin_port = port.bigEndian
        withUnsafeMutableBytes(of: &sin.sin_addr) { $0.copyBytes(from: address) }
        return withUnsafePointer(to: &sin) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    }

    /// Loopback, private (RFC 1918), link-local or CGNAT space (IPv6: loopback, unique-local, link-local):
    /// never routable on the public DHT.
    public var isPrivate: Bool {
        if isIPv6 {
            return address == [UInt8](repeating: 0, count: 15) + [1] || address[0] & 0xFE == 0xFC || (address[0] == 0xFE && address[1] & 0xC0 == 0x80)
        }
        let a = address[0], b = address[1]
        return a == 127 || a == 10 || (a == 172 && (16...31).contains(b)) || (a == 192 && b == 168)
            || (a == 169 && b == 254) || (a == 100 && (64...127).contains(b))
    }

    /// Addresses no real node can have: 0.0.0.0/8, multicast, reserved and broadcast (IPv6: the
    /// unspecified address and multicast), or port 0.
    public var isBogus: Bool {
        if isIPv6 { return port == 0 || address.allSatisfy { $0 == 0 } || address[0] == 0xFF }
        return port == 0 || address[0] == 0 || address[0] >= 224
    }

    /// `a.b.c.d:port` or `[v6]:port`.
    public var description: String {
        guard isIPv6 else { return address.map(String.init).joined(separator: ".") + ":\(port)" }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        var a = in6_addr()
        withUnsafeMutableBytes(of: &a) { $0.copyBytes(from: address) }
        _ = inet_ntop(AF_INET6, &a, &text, socklen_t(text.count))
        return "[\(String(cString: text))]:\(port)"
    }
}
