import Multiformats

/// One `/protocol/value` part of a multiaddr.
public enum MultiaddrComponent: Hashable, Sendable, CustomStringConvertible {
    /// `/ip4/a.b.c.d` (4 bytes).
    case ip4([UInt8])
    /// `/ip6/…` (16 bytes).
    case ip6([UInt8])
    /// `/tcp/port`.
    case tcp(UInt16)
    /// `/udp/port`.
    case udp(UInt16)
    /// `/dns/host` (either address family).
    case dns(String)
    /// `/dns4/host`.
    case dns4(String)
    /// `/dns6/host`.
    case dns6(String)
    /// `/dnsaddr/host` (addresses in `_dnsaddr.<host>` TXT records).
    case dnsaddr(String)
    /// `/p2p/<peer id>`.
    case p2p(PeerID)
    /// A protocol namectl carries but does not dial (quic-v1, ws, p2p-circuit, certhash, …).
    case other(code: UInt64, value: [UInt8])

    /// The multicodec of this component's protocol.
    public var code: UInt64 {
        switch self {
        case .ip4: return MultiaddrProtocol.ip4.code
        case .ip6: return MultiaddrProtocol.ip6.code
        case .tcp: return MultiaddrProtocol.tcp.code
        case .udp: return MultiaddrProtocol.udp.code
        case .dns: return MultiaddrProtocol.dns.code
        case .dns4: return MultiaddrProtocol.dns4.code
        case .dns6: return MultiaddrProtocol.dns6.code
        case .dnsaddr: return MultiaddrProtocol.dnsaddr.code
        case .p2p: return MultiaddrProtocol.p2p.code
        case .other(let code, _): return code
        }
    }

    /// The value bytes as they appear in the binary form (after the length for variable-size values).
    var valueBytes: [UInt8] {
        switch self {
        case .ip4(let b), .ip6(let b): return b
        case .tcp(let p), .udp(let p): return [UInt8(p >> 8), UInt8(p & 0xff)]
        case .dns(let s), .dns4(let s), .dns6(let s), .dnsaddr(let s): return Array(s.utf8)
        case .p2p(let id): return id.bytes
        case .other(_, let value): return value
        }
    }

    /// Builds the component for `proto` from its binary value.
    static func decode(_ proto: MultiaddrProtocol, value: [UInt8]) throws(Libp2pError) -> MultiaddrComponent {
        switch proto.name {
        case "ip4": return .ip4(value)
        case "ip6": return .ip6(value)
        case "tcp": return .tcp(UInt16(value[0]) << 8 | UInt16(value[1]))
        case "udp": return .udp(UInt16(value[0]) << 8 | UInt16(value[1]))
        case "dns", "dns4", "dns6", "dnsaddr":
            guard let host = String(validating: value, as: UTF8.self), !host.isEmpty, !value.contains(UInt8(ascii: "/")) else {
                throw Libp2pError(.invalidMultiaddr, "/\(proto.name) host is not a valid name")
            }
            switch proto.name {
            case "dns": return .dns(host)
            case "dns4": return .dns4(host)
            case "dns6": return .dns6(host)
            default: return .dnsaddr(host)
            }
        case "p2p":
            do { return .p2p(try PeerID(bytes: value)) } catch { throw Libp2pError(.invalidMultiaddr, "/p2p: \(error.reason)") }
        default: return .other(code: proto.code, value: value)
        }
    }

    /// Builds the component for `proto` from its text value.
    static func parse(_ proto: MultiaddrProtocol, text: Substring) throws(Libp2pError) -> MultiaddrComponent {
        func bad(_ why: String) -> Libp2pError { Libp2pError(.invalidMultiaddr, "/\(proto.name)/\(text): \(why)") }
        switch proto.name {
        case "ip4":
            guard let b = IPAddressText.parseIPv4(text) else { throw bad("not an IPv4 address") }
            return .ip4(b)
        case "ip6":
            guard let b = IPAddressText.parseIPv6(text) else { throw bad("not an IPv6 address") }
            return .ip6(b)
        case "tcp", "udp":
            guard let port = UInt16(text) else { throw bad("not a port") }
            return proto.name == "tcp" ? .tcp(port) : .udp(port)
        case "dns", "dns4", "dns6", "dnsaddr":
            return try decode(proto, value: Array(text.utf8))
        case "p2p":
            do { return .p2p(try PeerID(String(text))) } catch { throw bad(error.reason) }
        default:
            guard proto.size != .none else { throw bad("takes no value") }
            do {
                return .other(code: proto.code, value: try Multibase.decode(String(text)).bytes)
            } catch {
                throw bad("value is not multibase: \(error.reason)")
            }
        }
    }

    /// `/name/value` (or `/name` for protocols without a value).
    public var description: String {
        let proto = MultiaddrProtocol.byCode[code]
        let name = proto?.name ?? "unknown-\(code)"
        switch self {
        case .ip4(let b): return "/ip4/" + IPAddressText.formatIPv4(b)
        case .ip6(let b): return "/ip6/" + IPAddressText.formatIPv6(b)
        case .tcp(let p), .udp(let p): return "/\(name)/\(p)"
        case .dns(let s), .dns4(let s), .dns6(let s), .dnsaddr(let s): return "/\(name)/\(s)"
        case .p2p(let id): return "/p2p/\(id)"
        case .other(_, let value):
            return proto?.size == MultiaddrProtocol.Size.none ? "/\(name)" : "/\(name)/" + Multibase.base64url.encode(value)
        }
    }
}
