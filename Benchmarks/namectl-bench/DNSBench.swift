import Foundation

/// `namectl resolve /ipns/<domain>` (DNSLink over a real Knot on loopback) against `drill` fetching
/// the same TXT from the same server, both as whole processes, in the same run. `namectl --version`
/// (start-up and exit, no work) is timed beside them, so the start-up share is visible; set
/// `NAMECTL_BENCH_BASELINE` to other `namectl` binaries (older releases, `:`-separated) to time them in
/// the same rounds.
enum DNSBench {
    /// A process to time: executable, arguments, environment.
    typealias Command = (exe: String, args: [String], env: [String: String])

    /// Median wall time of each command, timed in interleaved rounds (A B C, A B C, …) so a load
    /// change on the machine hits every command alike.
    static func medians(_ rounds: Int, _ commands: [Command]) throws -> [Double] {
        var times = Array(repeating: [Double](), count: commands.count)
        for _ in 0..<rounds {
            for (i, c) in commands.enumerated() { times[i].append(try ProcessTimer.run(c.exe, c.args, env: c.env)) }
        }
        return times.map { $0.sorted()[$0.count / 2] }
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
        var env = ProcessInfo.processInfo.environment
        env["NAMECTL_HOME"] = dir + "/home"
        let drillArgs = ["-p", "\(port)", "@127.0.0.1", "TXT", "_dnslink.bench.test"]
        let ours = ["resolve", "/ipns/bench.test", "--dns-server", "127.0.0.1:\(port)", "--nocache"]
        var commands: [Command] = [(drill, drillArgs, env), (namectl, ours, env), (namectl, ["--version"], env)]
        let baselines = (env["NAMECTL_BENCH_BASELINE"] ?? "").split(separator: ":").map(String.init)
            .filter { FileManager.default.isExecutableFile(atPath: $0) }
        for (i, baseline) in baselines.enumerated() {
            // Each binary gets its own home: an older one refuses a store a newer one migrated.
            var own = env
            own["NAMECTL_HOME"] = dir + "/home-baseline-\(i)"
            commands.append((baseline, ours, own))
        }
        _ = try medians(3, commands)  // warm the page cache and the homes
        let m = try medians(60, commands)
        var lines = [
            String(format: "drill TXT _dnslink (process, loopback Knot)  %8.2f ms/run  (median of 60, interleaved)", m[0] * 1000),
            String(format: "namectl resolve /ipns/<dnslink domain>      %8.2f ms/run", m[1] * 1000),
            String(format: "namectl --version (start-up + exit only)    %8.2f ms/run", m[2] * 1000),
            String(format: "namectl vs drill time                       %8.3f×  (goal ≤ 1.2×; includes opening the local store)", m[1] / m[0]),
            String(format: "namectl minus its start-up vs drill         %8.3f×  (the lookup itself)", max(m[1] - m[2], 0) / m[0]),
        ]
        for (i, baseline) in baselines.enumerated() {
            lines.append(String(format: "baseline %@ resolve  %8.2f ms/run  (this build %.3f× of it)", baseline, m[3 + i] * 1000, m[1] / m[3 + i]))
        }
        return lines
    }
}
