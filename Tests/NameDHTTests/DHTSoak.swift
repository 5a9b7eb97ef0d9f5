import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NameKeys
import NameRecord
import NamectlTestSupport
@testable import NameDHT

/// A long-running `namectl daemon --dht` on a loopback swarm of real libtorrent sessions whose
/// members keep leaving and joining (issue 12). Every `step` seconds: `churn` sessions leave and as
/// many join, a fresh name is published by a `namectl publish --dht` process and looked up through
/// the daemon's HTTP API (a real DHT lookup by the daemon's node: the name is new to it), and the daemon's routing
/// table, stored items (`/metrics`) and resident memory (`/proc/<pid>/status`) are sampled.
/// The daemon also keeps an owned name alive and follows a name a libtorrent session published.
struct DHTSoak {
    /// Libtorrent sessions in the swarm at any time (the first 3 are the stable bootstrap hosts).
    var sessions = 20
    /// Sessions replaced at each step.
    var churn = 2
    /// Seconds between steps.
    var step = 5.0
    /// Seconds the run lasts.
    var duration = 40.0
    /// The daemon's `--dht-keepalive`.
    var keepalive = "10s"

    /// One step's observations.
    struct Sample {
        var seconds: Double
        var tableNodes: Int
        var goodNodes: Int
        var storedForOthers: Int
        var ownItems: Int
        var rssKiB: Int
        var lookupOK: Bool
        var lookupMs: Double
        /// How long the probe's `namectl publish --dht` process took, and whether it reported the DHT put ok.
        var publishMs: Double
        var publishOK: Bool
        var keepAliveOK: Int
        var keepAliveFailed: Int
        var left: Int
        var joined: Int
    }

    /// What the run saw.
    struct Report {
        var samples: [Sample] = []
        /// Sessions that left (and joined) over the run.
        var replaced = 0
        /// How long the daemon took to hold its first routing-table node.
        var bootstrapSeconds = 0.0
        /// Whether libtorrent sessions still found the owned and the followed name at the end.
        var ownedFoundAtEnd = false
        var followedFoundAtEnd = false
        /// The lookup failures, for the test log.
        var failures: [String] = []
        /// Items a flood of puts tried to place, and the daemon's item count afterwards.
        var floodPuts = 0
        var storedAfterFlood = 0

        var lookups: Int { samples.count }
        var lookupsOK: Int { samples.filter(\.lookupOK).count }

        /// The table printed by the test.
        var table: String {
            var lines = ["    t(s)  table  good  items(others/own)  RSS(MiB)  lookup      keep-alive ok/failed  swarm -/+  (probe publish)"]
            for s in samples {
                lines.append(String(format: "  %6.0f  %5d  %4d  %9d/%-3d      %8.1f  %-4@ %5.0fms  %8d/%-6d          %d/%d        %@ %.0f ms",
                                    s.seconds, s.tableNodes, s.goodNodes, s.storedForOthers, s.ownItems, Double(s.rssKiB) / 1024,
                                    (s.lookupOK ? "ok" : "FAIL") as NSString, s.lookupMs, s.keepAliveOK, s.keepAliveFailed, s.left, s.joined,
                                    (s.publishOK ? "ok" : "FAIL") as NSString, s.publishMs))
            }
            return lines.joined(separator: "\n")
        }
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    static let value = "/ipfs/bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"

    /// Runs the soak; `flood` puts that many items into the swarm from one extra node halfway through
    /// (all from 127.0.0.1, so the daemon's per-address quota bounds what it keeps).
    func run(flood: Int = 0) async throws -> Report {
        let lt = try LibtorrentNetwork(sessions: sessions)
        defer { lt.close() }
        let routers = lt.ports.prefix(3).map { "127.0.0.1:\($0)" }.joined(separator: ",")
        var ports = lt.ports

        // The daemon's home: an owned name (unencrypted key, in the local store) and a followed one.
        let home = NamectlBinary.temporaryHome("namectl-soak")
        let gen = try NamectlBinary.run(home: home, ["key", "gen", "owned", "--insecure-no-passphrase"])
        guard gen.status == 0, try NamectlBinary.run(home: home, ["publish", "owned", Self.value]).status == 0 else {
            throw Failure(description: "cannot set up the daemon's home: \(gen.stderr)")
        }
        let ownedName = try Name(gen.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        let followed = PrivateKey.generate()
        _ = try await put(IPNSItemTests.record(followed, seq: 1), key: followed, on: 1, lt)
        guard try NamectlBinary.run(home: home, ["follow", "add", followed.name.description]).status == 0 else {
            throw Failure(description: "follow add failed")
        }

        let (daemon, out, err) = NamectlBinary.process(home: home, ["daemon", "--listen", "127.0.0.1:0", "--no-republish", "--dht",
                                                                    "--bootstrap", routers, "--dht-keepalive", keepalive])
        try daemon.run()
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        // Keep stderr drained so the daemon's log can never fill the pipe and block it.
        let errHandle = err.fileHandleForReading
        errHandle.readabilityHandler = { _ = $0.availableData }
        defer { errHandle.readabilityHandler = nil }
        let (listening, printed) = NamectlBinary.listeningAddress(stdout: out)
        guard let base = listening else { throw Failure(description: "daemon did not start: \(printed)") }

        let publisher = NamectlBinary.temporaryHome("namectl-soak-publisher")
        var report = Report()
        // The daemon bootstraps in the background: the run starts once its table holds a node.
        let boot = ContinuousClock.now
        while (try await Self.metrics(base)["namectl_dht_routing_table_nodes"] ?? 0) < 1, seconds(since: boot) < 10 {
            try await Task.sleep(for: .milliseconds(100))
        }
        report.bootstrapSeconds = seconds(since: boot)
        let start = ContinuousClock.now
        var index = 0
        while seconds(since: start) < duration {
            let stepStart = ContinuousClock.now
            index += 1
            let churned = try await lt.call(["cmd": "churn", "leave": churn, "join": churn, "keep": 3, "seed": index])
            ports = (churned["ports"] as? [Int] ?? []).map { UInt16($0) }
            let left = (churned["left"] as? [Int] ?? []).count, joined = (churned["joined"] as? [Int] ?? []).count
            report.replaced += left
            if flood > 0, index == 3 { report.floodPuts = await self.flood(flood, routers: Array(ports.prefix(3))) }

            // A name new to the daemon, published by a short-lived namectl process (which leaves its
            // address behind, dead, like any client that came and went), looked up through the daemon.
            let publishStart = ContinuousClock.now
            let (probe, published) = try publishProbe(index, home: publisher, bootstrap: routers)
            let putMs = FirstAnswerBenchmarkTests.ms(ContinuousClock.now - publishStart)
            let lookupStart = ContinuousClock.now
            let (status, body) = try await get(base + "/routing/v1/ipns/\(probe)")
            let ok = status == 200 && !body.isEmpty && (try? Record(bytes: body).value) == Array(Self.value.utf8)
            if !ok { report.failures.append("step \(index): HTTP \(status) for \(probe), publish ok: \(published)") }
            let lookupMs = FirstAnswerBenchmarkTests.ms(ContinuousClock.now - lookupStart)

            let metrics = try await Self.metrics(base)
            let keepAlive = metrics.filter { $0.key.hasPrefix("namectl_dht_keepalive_total") }
            report.samples.append(Sample(
                seconds: seconds(since: start), tableNodes: Int(metrics["namectl_dht_routing_table_nodes"] ?? -1),
                goodNodes: Int(metrics["namectl_dht_good_nodes"] ?? -1),
                storedForOthers: Int(metrics["namectl_dht_stored_items{holder=\"others\"}"] ?? -1),
                ownItems: Int(metrics["namectl_dht_stored_items{holder=\"own\"}"] ?? -1), rssKiB: Self.rssKiB(daemon.processIdentifier),
                lookupOK: ok, lookupMs: lookupMs, publishMs: putMs, publishOK: published,
                keepAliveOK: Int(keepAlive.first { $0.key.contains("\"ok\"") }?.value ?? 0),
                keepAliveFailed: Int(keepAlive.first { $0.key.contains("\"failed\"") }?.value ?? 0),
                left: left, joined: joined))
            if flood > 0, index == 3 { report.storedAfterFlood = report.samples.last!.storedForOthers }
            let rest = step - seconds(since: stepStart)
            if rest > 0 { try await Task.sleep(for: .milliseconds(Int(rest * 1000))) }
        }
        // The names the daemon keeps alive are still on the swarm, for a session that joined late.
        let last = ports.count - 1
        report.ownedFoundAtEnd = try await lt.call(["cmd": "get", "pk": Hex.encode(ownedName.embeddedKey?.data ?? []), "salt": "ipns",
                                                    "session": last, "timeout": 10])["found"] as? Bool == true
        report.followedFoundAtEnd = try await lt.call(["cmd": "get", "pk": Hex.encode(followed.publicKey.data), "salt": "ipns",
                                                       "session": last, "timeout": 10])["found"] as? Bool == true
        daemon.terminate()
        daemon.waitUntilExit()
        return report
    }

    private func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// `namectl publish pN … --dht` from the publisher's home, as its own process.
    /// - Returns: the new name and whether the DHT put succeeded.
    private func publishProbe(_ index: Int, home: String, bootstrap: String) throws -> (String, Bool) {
        let gen = try NamectlBinary.run(home: home, ["key", "gen", "p\(index)", "--insecure-no-passphrase"])
        let name = gen.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let r = try NamectlBinary.run(home: home, ["publish", "p\(index)", Self.value, "--dht", "--bootstrap", bootstrap, "--json"])
        let json = try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let dht = (json?["transports"] as? [[String: Any]])?.first { $0["kind"] as? String == "dht" }
        return (name, dht?["ok"] as? Bool == true)
    }

    /// A libtorrent session signs and puts `record` (libtorrent signs with seq 1 for a new key).
    private func put(_ record: Record, key: PrivateKey, on session: Int, _ lt: LibtorrentNetwork) async throws -> Int {
        let put = try await lt.call(["cmd": "put", "seed": key.withSeed { Hex.encode($0) }, "salt": "ipns",
                                     "data": Hex.encode(record.bytes), "session": session])
        return put["success"] as? Int ?? 0
    }

    /// `count` items put from one extra node on 127.0.0.1, 16 at a time.
    private func flood(_ count: Int, routers: [UInt16]) async -> Int {
        var config = loopbackConfiguration(timeout: .milliseconds(500))
        config.bootstrapNodes = routers.map { "127.0.0.1:\($0)" }
        let node = DHTNode(configuration: config)
        guard (try? await node.start()) != nil else { return 0 }
        _ = try? await node.bootstrap()
        var stored = 0
        for batch in stride(from: 0, to: count, by: 16) {
            stored += await withTaskGroup(of: Int.self) { group in
                for _ in batch..<min(count, batch + 16) {
                    group.addTask {
                        let key = PrivateKey.generate()
                        guard let item = try? MutableItem.sign(value: .string("flood"), salt: [], sequence: 1, key: key) else { return 0 }
                        return (try? await node.putItem(item)) == nil ? 0 : 1
                    }
                }
                return await group.reduce(0, +)
            }
        }
        await node.stop()
        return stored
    }

    private func get(_ url: String) async throws -> (Int, [UInt8]) {
        var req = URLRequest(url: URL(string: url)!)
        req.timeoutInterval = 15
        req.setValue("application/vnd.ipfs.ipns-record", forHTTPHeaderField: "Accept")
        let (data, response) = try await URLSession.shared.data(for: req)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, Array(data))
    }

    /// The daemon's `/metrics` samples, by `name{labels}`.
    static func metrics(_ base: String) async throws -> [String: Double] {
        let (data, _) = try await URLSession.shared.data(from: URL(string: base + "/metrics")!)
        var out: [String: Double] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let v = Double(parts[1]) { out[String(parts[0])] = v }
        }
        return out
    }

    /// Resident memory of `pid` in KiB (`VmRSS`).
    static func rssKiB(_ pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return -1 }
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
    }
}
