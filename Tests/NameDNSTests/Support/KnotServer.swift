import Foundation
import NameDNS

/// A real Knot DNS (`knotd`) on 127.0.0.1 with an ephemeral port and everything (config, rundir,
/// storage, kasp-db, zone files) in a temporary directory. The test helper installs nothing: it
/// only looks for `knotd` on PATH and in the usual sbin folders.
///
/// Cleanup is guaranteed twice over: `stop()` (called by `withKnot` in a `defer`) terminates it,
/// and knotd runs under a tiny shell watchdog that kills it as soon as the test process exits
/// (the watchdog's parent changes), even when the test process crashes, and then removes the
/// temporary directory too.
final class KnotServer: @unchecked Sendable {
    /// A zone to serve: apex name and zone-file body (after the generated SOA/NS).
    struct Zone {
        var name: String
        var records: String = ""
        var dnssec = false
        var updatable = false
    }

    static let tsigName = "update-key."
    static let tsigSecret = "bmFtZWN0bC10ZXN0LXNlY3JldC1mb3Iga25vdC1kbnM="

    let directory: URL
    let port: UInt16
    private let process: Process
    private let lock = NSLock()
    private var stopped = false

    var server: DNSServerAddress { try! DNSServerAddress(host: "127.0.0.1", port: port) }
    var configPath: String { directory.appendingPathComponent("knot.conf").path }

    static func findTool(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/local/sbin", "/sbin", "/usr/bin"]
        return folders.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Zone-file text for `zone`: SOA, NS, and the given records.
    static func zoneFile(_ zone: Zone) -> String {
        """
        $ORIGIN \(zone.name).
        $TTL 300
        @ SOA ns.\(zone.name). hostmaster.\(zone.name). 1 3600 900 604800 300
        @ NS ns.\(zone.name).
        ns A 127.0.0.1
        \(zone.records)

        """
    }

    init(zones: [Zone]) throws {
        guard let knotd = KnotServer.findTool("knotd") else {
            throw KnotError("knotd not found on PATH or in /usr/sbin: apt-get install -y knot knot-dnsutils ldnsutils")
        }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("namectl-knot-\(UUID().uuidString)")
        for sub in ["run", "db", "kasp", "zones"] {
            try FileManager.default.createDirectory(at: directory.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        port = try KnotServer.freePort()
        for zone in zones {
            try KnotServer.zoneFile(zone).write(to: directory.appendingPathComponent("zones/\(zone.name).zone"), atomically: true, encoding: .utf8)
        }
        let dir = directory.path
        var config = """
        server:
            rundir: "\(dir)/run"
            listen: 127.0.0.1@\(port)
            background-workers: 1
            udp-workers: 1
            tcp-workers: 1
        database:
            storage: "\(dir)/db"
            kasp-db: "\(dir)/kasp"
        key:
          - id: \(KnotServer.tsigName)
            algorithm: hmac-sha256
            secret: \(KnotServer.tsigSecret)
        acl:
          - id: update-acl
            key: \(KnotServer.tsigName)
            action: update
        template:
          - id: default
            storage: "\(dir)/zones"
            file: "%s.zone"
            zonefile-sync: -1
        log:
          - target: stderr
            any: warning
        zone:

        """
        for zone in zones {
            config += "  - domain: \(zone.name).\n"
            if zone.dnssec { config += "    dnssec-signing: on\n" }
            if zone.updatable { config += "    acl: update-acl\n" }
        }
        try config.write(toFile: directory.appendingPathComponent("knot.conf").path, atomically: true, encoding: .utf8)

        let watchdog = """
        "$1" -c "$2" >"$3" 2>&1 & k=$!
        trap 'kill $k 2>/dev/null; wait $k; exit 0' TERM INT
        while [ "$(cut -d' ' -f4 /proc/$$/stat)" = "$4" ] && kill -0 $k 2>/dev/null; do sleep 0.2; done
        kill $k 2>/dev/null; wait $k
        [ "$(cut -d' ' -f4 /proc/$$/stat)" = "$4" ] || rm -rf "$5"
        """
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", watchdog, "sh", knotd, configPath, directory.appendingPathComponent("knot.log").path,
                             String(ProcessInfo.processInfo.processIdentifier), directory.path]
        // The watchdog must not hold the test runner's pipes open.
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Waits until every zone answers SOA (signed zones are signed by then).
    func waitUntilReady(zones: [Zone]) async throws {
        let resolver = StubResolver(configuration: DNSResolverConfiguration(servers: [server], timeout: .milliseconds(200), attempts: 1, recursionDesired: false))
        for zone in zones {
            var ready = false
            for _ in 0..<100 {
                if let answer = try? await resolver.query(zone.name, type: .soa, dnssecOK: zone.dnssec), answer.rcode == 0,
                   answer.answers.contains(where: { $0.type == 6 }), !zone.dnssec || answer.answers.contains(where: { $0.type == 46 }) {
                    ready = true
                    break
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            guard ready else { throw KnotError("knotd did not serve \(zone.name) in time; log:\n\(log)") }
        }
    }

    var log: String { (try? String(contentsOf: directory.appendingPathComponent("knot.log"), encoding: .utf8)) ?? "" }

    /// Stops knotd (through its watchdog) and removes the directory. Idempotent.
    func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }

    /// Runs a Knot tool (keymgr, knotc) against this server's config and returns stdout.
    func tool(_ name: String, _ arguments: [String]) throws -> String {
        try KnotServer.run(name, ["-c", configPath] + arguments)
    }

    static func run(_ name: String, _ arguments: [String], allowFailure: Bool = false) throws -> String {
        guard let path = findTool(name) else { throw KnotError("\(name) not found") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        if p.terminationStatus != 0 && !allowFailure {
            throw KnotError("\(name) \(arguments.joined(separator: " ")) failed (\(p.terminationStatus)): \(text)\(String(decoding: errors, as: UTF8.self))")
        }
        return text + String(decoding: errors, as: UTF8.self)
    }

    /// A port free for both UDP and TCP on 127.0.0.1 (asked from the kernel, then released).
    static func freePort() throws -> UInt16 {
        for _ in 0..<20 {
            let udp = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            defer { close(udp) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(udp, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            guard bound == 0 else { continue }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(udp, $0, &length) } }
            let tcp = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(tcp) }
            let tcpBound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(tcp, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            if tcpBound == 0 { return UInt16(bigEndian: address.sin_port) }
        }
        throw KnotError("no free port")
    }
}

struct KnotError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Starts Knot with `zones`, runs `body`, and always stops Knot afterwards.
@discardableResult
func withKnot<T>(_ zones: [KnotServer.Zone], _ body: (KnotServer) async throws -> T) async throws -> T {
    let knot = try KnotServer(zones: zones)
    defer { knot.stop() }
    try await knot.waitUntilReady(zones: zones)
    return try await body(knot)
}
