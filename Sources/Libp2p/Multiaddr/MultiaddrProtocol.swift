/// A multiaddr protocol namectl knows: its multicodec, text name and value size.
struct MultiaddrProtocol: Sendable, Hashable {
    /// How the value is encoded in the binary form.
    enum Size: Hashable, Sendable {
        /// No value (`/quic-v1`).
        case none
        /// A fixed number of bytes (`/ip4`: 4).
        case fixed(Int)
        /// A varint length, then that many bytes (`/dns4`, `/p2p`).
        case variable
    }

    let code: UInt64
    let name: String
    let size: Size

    static let ip4 = MultiaddrProtocol(code: 4, name: "ip4", size: .fixed(4))
    static let tcp = MultiaddrProtocol(code: 6, name: "tcp", size: .fixed(2))
    static let ip6 = MultiaddrProtocol(code: 41, name: "ip6", size: .fixed(16))
    static let dns = MultiaddrProtocol(code: 53, name: "dns", size: .variable)
    static let dns4 = MultiaddrProtocol(code: 54, name: "dns4", size: .variable)
    static let dns6 = MultiaddrProtocol(code: 55, name: "dns6", size: .variable)
    static let dnsaddr = MultiaddrProtocol(code: 56, name: "dnsaddr", size: .variable)
    static let udp = MultiaddrProtocol(code: 273, name: "udp", size: .fixed(2))
    static let p2p = MultiaddrProtocol(code: 421, name: "p2p", size: .variable)

    /// Every protocol namectl parses: the ones it dials plus those real peers advertise.
    static let all: [MultiaddrProtocol] = [
        ip4, tcp, ip6, dns, dns4, dns6, dnsaddr, udp, p2p,
        MultiaddrProtocol(code: 42, name: "ip6zone", size: .variable),
        MultiaddrProtocol(code: 43, name: "ipcidr", size: .fixed(1)),
        MultiaddrProtocol(code: 132, name: "sctp", size: .fixed(2)),
        MultiaddrProtocol(code: 277, name: "p2p-stardust", size: .none),
        MultiaddrProtocol(code: 280, name: "webrtc-direct", size: .none),
        MultiaddrProtocol(code: 281, name: "webrtc", size: .none),
        MultiaddrProtocol(code: 290, name: "p2p-circuit", size: .none),
        MultiaddrProtocol(code: 301, name: "udt", size: .none),
        MultiaddrProtocol(code: 302, name: "utp", size: .none),
        MultiaddrProtocol(code: 443, name: "https", size: .none),
        MultiaddrProtocol(code: 448, name: "tls", size: .none),
        MultiaddrProtocol(code: 449, name: "sni", size: .variable),
        MultiaddrProtocol(code: 454, name: "noise", size: .none),
        MultiaddrProtocol(code: 460, name: "quic", size: .none),
        MultiaddrProtocol(code: 461, name: "quic-v1", size: .none),
        MultiaddrProtocol(code: 465, name: "webtransport", size: .none),
        MultiaddrProtocol(code: 466, name: "certhash", size: .variable),
        MultiaddrProtocol(code: 477, name: "ws", size: .none),
        MultiaddrProtocol(code: 478, name: "wss", size: .none),
        MultiaddrProtocol(code: 479, name: "p2p-websocket-star", size: .none),
        MultiaddrProtocol(code: 480, name: "http", size: .none),
    ]

    static let byCode: [UInt64: MultiaddrProtocol] = Dictionary(all.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    /// By text name; `ipfs` is the old name of `p2p`.
    static let byName: [String: MultiaddrProtocol] = Dictionary(
        all.map { ($0.name, $0) } + [("ipfs", p2p)], uniquingKeysWith: { a, _ in a })
}
