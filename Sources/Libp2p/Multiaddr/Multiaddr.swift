import Multiformats

/// A multiaddr: a sequence of `/protocol/value` components, in text (`/ip4/127.0.0.1/tcp/4001/p2p/12D3…`)
/// or binary (`varint(code) ‖ value` per component) form.
public struct Multiaddr: Hashable, Sendable, CustomStringConvertible {
    /// Longest binary multiaddr accepted (real ones are well under 200 bytes).
    public static let maxLength = 1024
    /// Longest text multiaddr accepted: 8 × `maxLength`, because a component's text is at most 7
    /// times its binary form (`/webrtc-direct` is 14 characters for a 2-byte code), so every binary
    /// multiaddr within `maxLength` still parses back from its text. A text multiaddr must also fit
    /// `maxLength` in binary, so either form of an accepted address converts to the other.
    public static let maxTextLength = 8 * maxLength

    /// The components, outermost first.
    public let components: [MultiaddrComponent]

    /// A multiaddr from components.
    public init(_ components: [MultiaddrComponent]) { self.components = components }

    /// Parses the text form.
    public init(_ text: String) throws(Libp2pError) {
        guard text.utf8.count <= Self.maxTextLength else { throw Libp2pError(.invalidMultiaddr, "multiaddr text longer than \(Self.maxTextLength) bytes") }
        guard text.utf8.first == UInt8(ascii: "/") else { throw Libp2pError(.invalidMultiaddr, "'\(text)' does not start with '/'") }
        // Split on the byte '/', not on Characters: a combining mark after a '/' joins it into one
        // grapheme, which a Character split would not cut.
        var parts = text.utf8.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map { Substring($0) }[...]
        if parts.last?.isEmpty == true { parts = parts.dropLast() }
        var components: [MultiaddrComponent] = []
        while let name = parts.popFirst() {
            guard let proto = MultiaddrProtocol.byName[String(name)] else {
                throw Libp2pError(.invalidMultiaddr, "unknown protocol '\(name)' in '\(text)'")
            }
            if proto.size == .none {
                components.append(.other(code: proto.code, value: []))
                continue
            }
            guard let value = parts.popFirst(), !value.isEmpty else {
                throw Libp2pError(.invalidMultiaddr, "/\(proto.name) lacks its value in '\(text)'")
            }
            components.append(try MultiaddrComponent.parse(proto, text: value))
        }
        guard !components.isEmpty else { throw Libp2pError(.invalidMultiaddr, "empty multiaddr") }
        self.components = components
        guard bytes.count <= Self.maxLength else { throw Libp2pError(.invalidMultiaddr, "multiaddr longer than \(Self.maxLength) bytes in binary") }
    }

    /// Parses the binary form.
    public init(bytes: [UInt8]) throws(Libp2pError) {
        guard !bytes.isEmpty else { throw Libp2pError(.invalidMultiaddr, "empty multiaddr") }
        guard bytes.count <= Self.maxLength else { throw Libp2pError(.invalidMultiaddr, "multiaddr longer than \(Self.maxLength) bytes") }
        var offset = 0
        var components: [MultiaddrComponent] = []
        do {
            while offset < bytes.count {
                let code = try Varint.decode(bytes, at: &offset)
                guard let proto = MultiaddrProtocol.byCode[code] else {
                    throw Libp2pError(.invalidMultiaddr, "unknown protocol code \(code)")
                }
                let length: Int
                switch proto.size {
                case .none: length = 0
                case .fixed(let n): length = n
                case .variable:
                    let declared = try Varint.decode(bytes, at: &offset)
                    guard declared <= UInt64(bytes.count - offset) else {
                        throw Libp2pError(.invalidMultiaddr, "/\(proto.name) declares \(declared) bytes, \(bytes.count - offset) remain")
                    }
                    length = Int(declared)
                }
                guard length <= bytes.count - offset else { throw Libp2pError(.invalidMultiaddr, "/\(proto.name) value truncated") }
                components.append(try MultiaddrComponent.decode(proto, value: Array(bytes[offset..<offset + length])))
                offset += length
            }
        } catch let error as MultiformatsError {
            throw Libp2pError(.invalidMultiaddr, "bad varint in multiaddr: \(error.reason)")
        } catch let error as Libp2pError {
            throw error
        } catch {
            throw Libp2pError(.invalidMultiaddr, "malformed multiaddr")
        }
        self.components = components
    }

    /// The binary form.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        for component in components {
            Varint.encode(component.code, into: &out)
            let value = component.valueBytes
            if MultiaddrProtocol.byCode[component.code]?.size == .variable { Varint.encode(UInt64(value.count), into: &out) }
            out.append(contentsOf: value)
        }
        return out
    }

    public var description: String { components.map(\.description).joined() }

    /// The `/p2p/<id>` at the end, if any.
    public var peerID: PeerID? {
        if case .p2p(let id) = components.last { return id }
        return nil
    }

    /// This address without a trailing `/p2p/<id>`.
    public var withoutPeerID: Multiaddr {
        if case .p2p = components.last { return Multiaddr(Array(components.dropLast())) }
        return self
    }

    /// The host and port of a `/ip4|ip6|dns|dns4|dns6/…/tcp/…` address (then optionally `/p2p/…`),
    /// or `nil` when this is not a plain TCP address.
    public var tcpEndpoint: (host: String, port: Int)? {
        let parts = withoutPeerID.components
        guard parts.count == 2, case .tcp(let port) = parts[1] else { return nil }
        switch parts[0] {
        case .ip4(let b): return (IPAddressText.formatIPv4(b), Int(port))
        case .ip6(let b): return (IPAddressText.formatIPv6(b), Int(port))
        case .dns(let h), .dns4(let h), .dns6(let h): return (h, Int(port))
        default: return nil
        }
    }

    /// Whether the first component is an IP address in a private, loopback, link-local, CGNAT or
    /// unique-local range (where Kubo's LAN DHT lives), as opposed to a public one.
    public var isPrivate: Bool {
        switch components.first {
        case .ip4(let b):
            return b[0] == 10 || b[0] == 127 || (b[0] == 172 && (16...31).contains(b[1])) || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && (64...127).contains(b[1])) || b[0] == 0
        case .ip6(let b):
            let loopback = b.dropLast().allSatisfy { $0 == 0 } && b[15] == 1
            return loopback || b.allSatisfy { $0 == 0 } || b[0] & 0xfe == 0xfc || (b[0] == 0xfe && b[1] & 0xc0 == 0x80)
        default:
            return false
        }
    }
}
