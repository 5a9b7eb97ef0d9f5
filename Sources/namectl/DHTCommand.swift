import ArgumentParser
import Foundation
import NameRecord

struct DHTCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dht",
        abstract: "Mainline DHT (BEP 44) node status.",
        subcommands: [DHTStatusCommand.self]
    )
}

struct DHTStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Bootstrap a node and show its routing table (saved for the next start).",
        discussion: "Example: namectl dht status --bootstrap 127.0.0.1:6881"
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var network: NetworkOptions

    func run() async throws {
        let ctx = CLIContext(global, command: "dht")
        let store = try ctx.openStore()
        var options = network
        options.dht = true
        guard let dht = try await options.dhtNode(store: store, ctx: ctx) else { return }
        await dht.ready?.value
        let status = await dht.node.status()
        await options.finish(dht, store: store)
        if global.json {
            var object: [String: Any] = ["nodeID": "\(status.nodeID)", "routingTableSize": status.routingTableSize,
                                         "occupiedBuckets": status.occupiedBuckets, "storedItems": status.storedItems,
                                         "ownItems": status.ownItems]
            object["endpoint"] = status.endpoint.map { "\($0)" }
            object["externalAddress"] = status.externalAddress.map { "\($0)" }
            object["lastBootstrap"] = status.lastBootstrap?.rfc3339
            ctx.printJSON(object)
        } else {
            print("node id:          \(status.nodeID)")
            print("listening on:     \(status.endpoint.map { "\($0)" } ?? "-")")
            print("public address:   \(status.externalAddress.map { "\($0) (BEP 42 votes)" } ?? "not learned")")
            print("routing table:    \(status.routingTableSize) nodes in \(status.occupiedBuckets) buckets")
            print("last bootstrap:   \(status.lastBootstrap?.rfc3339 ?? "never")")
            print("stored items:     \(status.storedItems) for others, \(status.ownItems) own")
        }
    }
}
