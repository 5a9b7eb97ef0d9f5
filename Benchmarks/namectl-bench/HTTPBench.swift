import Foundation

/// Daemon GET throughput and p99 against nginx serving the same record bytes statically, both on
/// loopback, both driven by the same `wrk` settings in the same run.
enum HTTPBench {
    struct WrkResult {
        let requestsPerSecond: Double
        let p99: String
        let errors: Bool
    }

    static func run(_ exe: String, _ args: [String], stdout: Pipe? = nil) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        p.standardOutput = stdout ?? FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    static func wrk(_ url: String, seconds: Int = 8) throws -> WrkResult {
        let out = Pipe()
        let p = try run("/usr/bin/wrk", ["-t2", "-c64", "-d\(seconds)s", "--latency", url], stdout: out)
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let rps = text.split(separator: "\n").first { $0.hasPrefix("Requests/sec:") }
            .flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
        let p99 = text.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("99%") }
            .map { String($0.split(separator: " ").last ?? "?") } ?? "?"
        return WrkResult(requestsPerSecond: rps, p99: p99, errors: text.contains("Non-2xx") || text.contains("Socket errors"))
    }

    static func freePort() -> Int { Int.random(in: 20000...60000) }

    /// Runs the comparison; returns printable rows, or a reason it was skipped.
    static func compare(namectl: String) throws -> [String] {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/wrk"), FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx") else {
            return ["daemon vs nginx: skipped (wrk or nginx missing; run make deps)"]
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("namectl-httpbench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/www/routing/v1/ipns", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = ["NAMECTL_HOME": dir + "/home"]
        func cli(_ args: [String]) throws -> String {
            let out = Pipe()
            let p = Process()
            p.executableURL = URL(fileURLWithPath: namectl)
            p.arguments = args
            p.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
            p.standardOutput = out
            p.standardError = FileHandle.nullDevice
            try p.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let name = try cli(["key", "gen", "bench", "--insecure-no-passphrase"])
        _ = try cli(["publish", "bench", "bafkqaddwgevxmmraojswg33smq"])
        _ = try cli(["record", "export", name, "-o", dir + "/www/routing/v1/ipns/" + name])

        let daemonPort = freePort()
        let daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: namectl)
        // One event-loop thread per core against one nginx worker per core: the same CPU budget.
        daemon.arguments = ["daemon", "--listen", "127.0.0.1:\(daemonPort)", "--no-republish"]
        daemon.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
        daemon.standardOutput = FileHandle.nullDevice
        daemon.standardError = FileHandle.nullDevice
        try daemon.run()
        defer { daemon.terminate(); daemon.waitUntilExit() }

        let nginxPort = freePort()
        let conf = """
            worker_processes auto; daemon off; pid \(dir)/nginx.pid; error_log \(dir)/error.log;
            events { worker_connections 1024; }
            http { access_log off; types { application/vnd.ipfs.ipns-record ipns; } default_type application/vnd.ipfs.ipns-record;
              client_body_temp_path \(dir); proxy_temp_path \(dir); fastcgi_temp_path \(dir); uwsgi_temp_path \(dir); scgi_temp_path \(dir);
              server { listen 127.0.0.1:\(nginxPort); root \(dir)/www; add_header Cache-Control "public, max-age=3600"; } }
            """
        try conf.write(toFile: dir + "/nginx.conf", atomically: true, encoding: .utf8)
        let nginx = try run("/usr/sbin/nginx", ["-c", dir + "/nginx.conf", "-p", dir])
        defer { nginx.terminate(); nginx.waitUntilExit() }
        usleep(700_000)

        let path = "/routing/v1/ipns/\(name)"
        _ = try wrk("http://127.0.0.1:\(daemonPort)\(path)", seconds: 2) // warm the cache
        let ours = try wrk("http://127.0.0.1:\(daemonPort)\(path)")
        let theirs = try wrk("http://127.0.0.1:\(nginxPort)\(path)")
        func fmt(_ r: WrkResult) -> String { String(format: "%10.0f req/s  p99 %@%@", r.requestsPerSecond, r.p99, r.errors ? "  ERRORS" : "") }
        return [
            "daemon GET /routing/v1/ipns (cached)       " + fmt(ours),
            "nginx static file, same bytes              " + fmt(theirs),
            String(format: "daemon vs nginx throughput                 %.3f×  (goal ≥ 0.5×; wrk -t2 -c64; both one thread/worker per core)", ours.requestsPerSecond / max(theirs.requestsPerSecond, 1)),
        ]
    }
}
