import Foundation

/// `namectl resolve /ipns/<domain>` (DNSLink over a real Knot on loopback) against `drill` fetching
/// the same TXT from the same server, both as whole processes, in the same run.
enum DNSBench {
    static func time(_ runs: Int, _ exe: String, _ args: [String], env: [String: String] = [:]) throws -> Double {
        var best = Double.infinity
        var total = 0.0
        for _ in 0..<runs {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: exe)
            p.arguments = args
            p.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            let start = Date()
            try p.run()
            p.waitUntilExit()
            guard p.terminationStatus == 0 else { throw BenchError("\(exe) \(args.joined(separator: " ")) exited \(p.terminationStatus)") }
            let t = Date().timeIntervalSince(start)
            total += t
            best = min(best, t)
        }
        return total / Double(runs)
    }

    struct BenchError: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    static func compare(namectl: String) throws -> [String] {
        let knotd = ["/usr/sbin/knotd", "/usr/bin/knotd"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let drill = ["/usr/bin/drill"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let knotd, let drill else { return ["DNSLink resolve vs drill: skipped (knot or ldnsutils missing; run make deps)"] }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("namectl-dnsbench-\(UUID().uuidString)").path
        for sub in ["run", "db", "zones", "home"] { try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let port = Int.random(in: 20000...60000)
        try """
            $ORIGIN bench.test.
            $TTL 300
            @ SOA ns.bench.test. hostmaster.bench.test. 1 3600 900 604800 300
            @ NS ns.bench.test.
            ns A 127.0.0.1
            _dnslink TXT "dnslink=/ipfs/bafkqaddwgevxmmraojswg33smq"

            """.write(toFile: dir + "/zones/bench.test.zone", atomically: true, encoding: .utf8)
        try """
            server:
                rundir: "\(dir)/run"
                listen: 127.0.0.1@\(port)
                udp-workers: 1
                tcp-workers: 1
                background-workers: 1
            database:
                storage: "\(dir)/db"
            template:
              - id: default
                storage: "\(dir)/zones"
                file: "%s.zone"
            zone:
              - domain: bench.test.

            """.write(toFile: dir + "/knot.conf", atomically: true, encoding: .utf8)
        let knot = Process()
        knot.executableURL = URL(fileURLWithPath: knotd)
        knot.arguments = ["-c", dir + "/knot.conf"]
        knot.standardOutput = FileHandle.nullDevice
        knot.standardError = FileHandle.nullDevice
        try knot.run()
        defer { knot.terminate(); knot.waitUntilExit() }
        usleep(800_000)
        let runs = 40
        let env = ["NAMECTL_HOME": dir + "/home"]
        let drillArgs = ["-p", "\(port)", "@127.0.0.1", "TXT", "_dnslink.bench.test"]
        let ours = ["resolve", "/ipns/bench.test", "--dns-server", "127.0.0.1:\(port)", "--nocache"]
        _ = try time(3, drill, drillArgs)
        _ = try time(3, namectl, ours, env: env)
        let d = try time(runs, drill, drillArgs)
        let n = try time(runs, namectl, ours, env: env)
        return [
            String(format: "drill TXT _dnslink (process, loopback Knot)  %8.2f ms/run", d * 1000),
            String(format: "namectl resolve /ipns/<dnslink domain>      %8.2f ms/run", n * 1000),
            String(format: "namectl vs drill time                       %8.3f×  (goal ≤ 1.2×; includes opening the local store)", n / d),
        ]
    }
}
