#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NameKeys
import Testing
@testable import NameDHT

/// Hundreds of Swift nodes in one process over `SimulatedNetwork`: lookups must succeed ≥ 99 % of
/// the time with hop counts growing like log n.
@Suite struct SimulationTests {
    struct Row {
        let n: Int, lookups: Int, successes: Int, meanHops: Double, maxHops: Int, meanQueries: Double
    }

    @Test func lookupsSucceedAndHopsGrowLogarithmically() async throws {
        let network = SimulatedNetwork()
        var config = DHTConfiguration()
        config.bootstrapNodes = []
        config.allowPrivateAddresses = true
        config.queryTimeout = .seconds(2)
        config.maxInFlightQueries = 256
        var nodes: [DHTNode] = []
        defer { let all = nodes; Task { await stopAll(all) } }

        func grow(to n: Int) async throws {
            while nodes.count < n {
                let node = DHTNode(configuration: config) { () throws(DHTError) in network.makeTransport() }
                try await node.start()
                // Each newcomer knows one random existing node, as a real client knows a router.
                let seed = nodes.isEmpty ? [] : [try await nodes.randomElement()!.start()]
                nodes.append(node)
                if !seed.isEmpty { try await node.bootstrap(seed) }
            }
        }

        var rows: [Row] = []
        for n in [25, 50, 100, 200] {
            try await grow(to: n)
            let items = 20, readsPerItem = 5
            var successes = 0, hops: [Int] = [], queries: [Int] = []
            for _ in 0..<items {
                let key = PrivateKey.generate()
                let item = try MutableItem.sign(value: .string("n=\(n)"), salt: IPNSItem.salt, sequence: 1, key: key)
                try await nodes.randomElement()!.putItem(item)
                for _ in 0..<readsPerItem {
                    let reader = nodes.randomElement()!
                    if let r = try? await reader.getItem(publicKey: key.publicKey.data, salt: IPNSItem.salt), r.item == item {
                        successes += 1
                        hops.append(r.hops)
                        queries.append(r.queried)
                    }
                }
            }
            rows.append(Row(n: n, lookups: items * readsPerItem, successes: successes,
                            meanHops: Double(hops.reduce(0, +)) / Double(max(hops.count, 1)), maxHops: hops.max() ?? 0,
                            meanQueries: Double(queries.reduce(0, +)) / Double(max(queries.count, 1))))
        }

        print("   n | lookups | success | mean hops | max hops | log2(n) | queries/lookup")
        for r in rows {
            let success = Double(r.successes) * 100 / Double(r.lookups)
            print([pad("\(r.n)", 4), pad("\(r.lookups)", 7), pad("\(success)%", 7), pad("\((r.meanHops * 100).rounded() / 100)", 9),
                   pad("\(r.maxHops)", 8), pad("\((log2(Double(r.n)) * 10).rounded() / 10)", 7),
                   pad("\((r.meanQueries * 10).rounded() / 10)", 14)].joined(separator: " | "))
        }
        print("datagrams delivered: \(network.datagrams)")
        let total = rows.reduce(0) { $0 + $1.lookups }, ok = rows.reduce(0) { $0 + $1.successes }
        #expect(Double(ok) / Double(total) >= 0.99)
        #expect(rows.last!.n >= 200)
        #expect(Double(rows.last!.successes) / Double(rows.last!.lookups) >= 0.99)
        // Logarithmic growth: hops at n = 200 stay within a small multiple of log2(200) ≈ 7.6,
        // and 8× more nodes costs far less than 8× more hops.
        #expect(rows.last!.meanHops <= log2(200.0))
        #expect(rows.last!.meanHops <= rows.first!.meanHops * 3)
    }
}

private func pad(_ s: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
