import Libp2p
import NameDNS

/// Amino bootstrap addresses: the public defaults, and `/dnsaddr` resolution through namectl's own
/// DNS stub (`_dnsaddr.<host>` TXT records holding `dnsaddr=<multiaddr>`, as libp2p specifies).
public enum AminoBootstrap {
    /// The public Amino bootstrap peers Kubo ships. The `Qm…` ones use RSA keys, which namectl cannot
    /// verify in Noise; the Ed25519 one (`12D3…`) and any Ed25519 peers the `/dnsaddr` records list
    /// are what a namectl client can reach.
    public static let defaultPeers = [
        "/dnsaddr/bootstrap.libp2p.io/p2p/QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN",
        "/dnsaddr/bootstrap.libp2p.io/p2p/QmQCU2EcMqAqQPR2i9bChDtGNJchTbq5TbXJJ16u19uLTa",
        "/dnsaddr/bootstrap.libp2p.io/p2p/QmbLHAnMoJPWSCR5Zhtx6BHJX9KiKNN6tpvbUTqJK6hH3x",
        "/dnsaddr/bootstrap.libp2p.io/p2p/QmcZf59bWwK5XFi76CZX8cbJ4BhTzzA3gU1ZjYZcYW3dwt",
        "/dnsaddr/va1.bootstrap.libp2p.io/p2p/12D3KooWKnDdG3iXw9eTFijk3EWSunZcFi54Zka4wmtqtt6rPxc8",
        "/ip4/104.131.131.82/tcp/4001/p2p/QmaCpDMGvV2BGHeYERUEnRQAwe3N8SzbUtfsmvsqQLuvuJ",
    ]

    /// Most addresses one expansion yields (a hostile TXT set cannot make the bootstrap unbounded).
    public static let maxAddresses = 64

    /// Expands every `/dnsaddr/<host>[/p2p/<id>]` in `addresses` into the multiaddrs its TXT records
    /// list (recursively, at most `depth` levels; only those for `<id>` when one is given). Other
    /// addresses pass through; names that do not resolve are dropped. At most `maxAddresses` come out.
    public static func resolve(_ addresses: [Multiaddr], with resolver: StubResolver, depth: Int = 4) async -> [Multiaddr] {
        var out: [Multiaddr] = []
        for address in addresses where out.count < maxAddresses {
            guard case .dnsaddr(let host) = address.components.first else {
                out.append(address)
                continue
            }
            let owner = "_dnsaddr.\(host)"
            guard depth > 0, let response = try? await resolver.query(owner, type: .txt) else { continue }
            let listed = response.txtRecords(for: owner).compactMap { txt -> Multiaddr? in
                let text = String(decoding: txt.value, as: UTF8.self)
                guard text.hasPrefix("dnsaddr=") else { return nil }
                return try? Multiaddr(String(text.dropFirst("dnsaddr=".count)))
            }.filter { address.peerID == nil || $0.peerID == address.peerID }
            out += await resolve(listed, with: resolver, depth: depth - 1)
        }
        return Array(out.prefix(maxAddresses))
    }
}
