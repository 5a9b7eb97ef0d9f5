import Foundation

/// The daemon's hot routes against nginx serving the same record bytes statically (with the same
/// response headers), both on loopback, driven by the same `wrk` settings, in alternating paired
/// rounds so that load from other processes hits both sides alike. Reports the median ratio and
/// its spread over the rounds, plus the Hummingbird ceiling (`/healthz`) for reference.
enum HTTPBench {
    struct WrkResult {
        let requestsPerSecond: Double
        let p50: Double
        let p99: Double
        let errors: Bool
    }

    static let rounds = 5
    static let seconds = 3

    static func run(_ exe: String, _ args: [String], stdout: Pipe? = nil) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        p.standardOutput = stdout ?? FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// wrk's latency figure (`812.00us`, `4.73ms`, `1.02s`) in milliseconds.
    static func milliseconds(_ text: Substring) -> Double {
        for (suffix, scale) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0)] where text.hasSuffix(suffix) {
            return (Double(text.dropLast(suffix.count)) ?? .nan) * scale
        }
        return .nan
    }

    static func wrk(_ url: String, seconds: Int = seconds) throws -> WrkResult {
        let out = Pipe()
        let p = try run("/usr/bin/wrk", ["-t2", "-c64", "-d\(seconds)s", "--latency", url], stdout: out)
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let lines = text.split(separator: "\n")
        let rps = lines.first { $0.hasPrefix("Requests/sec:") }.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
        func percentile(_ p: String) -> Double {
            lines.first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(p) }.map { milliseconds($0.split(separator: " ").last ?? "") } ?? .nan
        }
        return WrkResult(requestsPerSecond: rps, p50: percentile("50%"), p99: percentile("99%"),
                         errors: text.contains("Non-2xx") || text.contains("Socket errors"))
    }

    static func freePort() -> Int { Int.random(in: 20000...60000) }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// Alternates daemon and nginx rounds on one route; returns the printable rows.
    static func paired(_ label: String, daemon: String, nginx: String) throws -> [String] {
        var ours: [WrkResult] = [], theirs: [WrkResult] = []
        for _ in 0..<rounds {
            ours.append(try wrk(daemon))
            theirs.append(try wrk(nginx))
        }
        let ratios = zip(ours, theirs).map { $0.requestsPerSecond / max($1.requestsPerSecond, 1) }
        let p99Ratios = zip(ours, theirs).map { $0.p99 / $1.p99 }
        func fmt(_ who: String, _ r: [WrkResult]) -> String {
            who.padding(toLength: 46, withPad: " ", startingAt: 0)
                + String(format: "%8.0f req/s  p50 %5.2fms  p99 %5.2fms  (median of %d)%@", median(r.map(\.requestsPerSecond)),
                         median(r.map(\.p50)), median(r.map(\.p99)), r.count, r.contains(where: \.errors) ? "  ERRORS" : "")
        }
        return [
            fmt("daemon " + label, ours),
            fmt("nginx, same bytes and headers", theirs),
            String(format: "  throughput ratio: median %.3f× (rounds %@; goal ≥ 0.8×)", median(ratios),
                   ratios.map { String(format: "%.2f", $0) }.joined(separator: " ")),
            String(format: "  p99 ratio:        median %.3f× (rounds %@; goal ≤ 1.5×)", median(p99Ratios),
                   p99Ratios.map { String(format: "%.2f", $0) }.joined(separator: " ")),
        ]
    }

    /// Runs the comparisons; returns printable rows, or a reason they were skipped.
    static func compare(namectl: String) throws -> [String] {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/wrk"), FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx") else {
            return ["daemon vs nginx: skipped (wrk or nginx missing; run make deps)"]
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("namectl-httpbench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/www/routing/v1/ipns", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/www/ipns", withIntermediateDirectories: true)
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
        try FileManager.default.copyItem(atPath: dir + "/www/routing/v1/ipns/" + name, toPath: dir + "/www/ipns/" + name)

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
            http { access_log off; types { } default_type application/vnd.ipfs.ipns-record;
              client_body_temp_path \(dir); proxy_temp_path \(dir); fastcgi_temp_path \(dir); uwsgi_temp_path \(dir); scgi_temp_path \(dir);
              server { listen 127.0.0.1:\(nginxPort); root \(dir)/www;
                add_header Cache-Control "public, max-age=3600"; add_header Vary Accept; add_header X-Content-Type-Options nosniff;
                location /ipns/ { add_header Cache-Control "public, max-age=3600"; add_header Vary Accept; add_header X-Content-Type-Options nosniff;
                  add_header Content-Disposition 'attachment; filename="\(name).ipns-record"'; } } }
            """
        try conf.write(toFile: dir + "/nginx.conf", atomically: true, encoding: .utf8)
        let nginx = try run("/usr/sbin/nginx", ["-c", dir + "/nginx.conf", "-p", dir])
        defer { nginx.terminate(); nginx.waitUntilExit() }
        usleep(700_000)

        let routing = "/routing/v1/ipns/\(name)"
        let gateway = "/ipns/\(name)?format=ipns-record"
        _ = try wrk("http://127.0.0.1:\(daemonPort)\(routing)", seconds: 1) // resolve once: later requests are hits
        _ = try wrk("http://127.0.0.1:\(daemonPort)\(gateway)", seconds: 1)
        let healthz = try wrk("http://127.0.0.1:\(daemonPort)/healthz")
        return try paired("GET /routing/v1/ipns (lean)", daemon: "http://127.0.0.1:\(daemonPort)\(routing)", nginx: "http://127.0.0.1:\(nginxPort)\(routing)")
            + paired("GET /ipns/…?format=ipns-record", daemon: "http://127.0.0.1:\(daemonPort)\(gateway)", nginx: "http://127.0.0.1:\(nginxPort)\(gateway)")
            + [String(format: "%@%8.0f req/s  p50 %5.2fms  p99 %5.2fms  (Hummingbird route, for reference)",
                      "daemon GET /healthz (framework ceiling)".padding(toLength: 46, withPad: " ", startingAt: 0), healthz.requestsPerSecond, healthz.p50, healthz.p99)]
    }
}
