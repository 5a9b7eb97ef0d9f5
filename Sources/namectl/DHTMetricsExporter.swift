import NameDHT
import NameDaemon

/// Copies the daemon's DHT node status (routing table, good nodes, stored items) into its `/metrics`
/// gauges every `interval`, so a long-running node can be watched.
struct DHTMetricsExporter {
    let node: DHTNode
    let metrics: DaemonMetrics
    var interval: Duration = .seconds(1)

    func run() async {
        while !Task.isCancelled {
            let s = await node.status()
            metrics.dhtStatus(routingTable: s.routingTableSize, goodNodes: s.goodNodes, storedForOthers: s.storedItems, ownItems: s.ownItems)
            do { try await Task.sleep(for: interval) } catch { return }
        }
    }
}
