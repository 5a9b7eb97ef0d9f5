import Foundation
import Testing

/// A bounded `wrk` run against cached GETs: no errors, no memory growth.
@Suite(.serialized)
struct CLIDaemonLoadTests {
    static func rssKiB(_ pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return -1 }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? -1
    }

    static func wrk(_ url: String, seconds: Int) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/wrk")
        p.arguments = ["-t2", "-c32", "-d\(seconds)s", "--timeout", "5s", "-H", "Accept: application/vnd.ipfs.ipns-record", url]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func thirtySecondsOfCachedGetsWithoutErrorsOrGrowth() throws {
        #expect(FileManager.default.isExecutableFile(atPath: "/usr/bin/wrk"), "wrk is installed by make deps")
        let server = CLIRunner()
        let (daemon, url) = try CLIDaemonTests.startDaemon(server)
        defer { kill(daemon.processIdentifier, SIGKILL); daemon.waitUntilExit() }
        let alice = CLIRunner()
        let name = try alice.genKey("k")
        #expect(try alice.run("publish", "k", "bafkqaddwgevxmmraojswg33smq", "--api", url).status == 0)
        let target = "\(url)/routing/v1/ipns/\(name)"

        let warm = try Self.wrk(target, seconds: 5)
        let rssAfterWarmUp = Self.rssKiB(daemon.processIdentifier)
        let run = try Self.wrk(target, seconds: 25)
        let rssAfterRun = Self.rssKiB(daemon.processIdentifier)

        for output in [warm, run] {
            #expect(!output.contains("Non-2xx"), "\(output)")
            #expect(!output.contains("Socket errors"), "\(output)")
            #expect(output.contains("Requests/sec"), "\(output)")
        }
        let requests = run.split(separator: "\n").first { $0.contains("requests in") }.flatMap { Int($0.split(separator: " ").first ?? "") } ?? 0
        #expect(requests > 1000, "\(run)")
        #expect(rssAfterWarmUp > 0 && rssAfterRun > 0)
        // Flat: at most 20 % + 16 MiB over the warmed-up footprint after 25 more seconds of load.
        #expect(rssAfterRun <= rssAfterWarmUp + rssAfterWarmUp / 5 + 16 * 1024, "RSS grew from \(rssAfterWarmUp) KiB to \(rssAfterRun) KiB")
    }
}
