import ArgumentParser
import NameAmino

struct AminoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "amino",
        abstract: "IPFS Amino DHT peer status.",
        subcommands: [AminoStatusCommand.self]
    )
}

struct AminoStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Bootstrap into Amino and show this peer's ID, connections and both routing tables (WAN and LAN).",
        discussion: """
            The WAN table holds peers at public addresses (/ipfs/kad/1.0.0), the LAN table peers at
            private, loopback and link-local ones (/ipfs/lan/kad/1.0.0), as Kubo's dual DHT keeps them.
            Exits 6 when no bootstrap peer answered.
            Example: namectl amino status --amino-bootstrap /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW…
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var network: NetworkOptions

    func run() async throws {
        let ctx = CLIContext(global, command: "amino")
        var options = network
        options.amino = true
        guard let amino = try options.aminoSource(ctx: ctx) else { return }
        await amino.waitUntilBootstrapped()
        let status = amino.client.status
        let tables = KadProtocol.allCases.map { ($0, amino.client.knownPeers($0).map(\.id.description).sorted()) }
        let failure = amino.bootstrapFailure
        await amino.close()
        if global.json {
            var object: [String: Any] = ["peerID": status.peerID.description, "mode": "client",
                                         "connectedPeers": status.connectedPeers.map(\.description).sorted(),
                                         "wanPeers": status.wanPeers, "lanPeers": status.lanPeers]
            for (dht, peers) in tables { object[dht.label] = ["protocol": dht.rawValue, "peers": peers] }
            object["bootstrapFailure"] = failure
            ctx.printJSON(object)
        } else {
            print("peer id:          \(status.peerID)")
            print("mode:             client (answers identify; serves no DHT records)")
            print("connected peers:  \(status.connectedPeers.count)")
            print("WAN table:        \(status.wanPeers) peers (\(KadProtocol.wan.rawValue))")
            print("LAN table:        \(status.lanPeers) peers (\(KadProtocol.lan.rawValue))")
        }
        if status.wanPeers + status.lanPeers == 0 {
            throw CLIError("no Amino peer answered the bootstrap: \(failure ?? "none given")", .networkError)
        }
    }
}
