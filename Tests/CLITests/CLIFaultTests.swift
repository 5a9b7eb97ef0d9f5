import Foundation
import Testing

/// The world as it is, through fresh `namectl` processes: several servers of one kind, one of
/// them down, and a server that stores a record but never answers.
@Suite(.serialized)
struct CLIFaultTests {
    /// `{"http <url>": ok}` from a publish report's JSON.
    static func transports(_ report: [String: Any]) -> [String: Bool] {
        var out: [String: Bool] = [:]
        for entry in report["transports"] as? [[String: Any]] ?? [] {
            out["\(entry["kind"] ?? "?") \(entry["endpoint"] ?? "?")"] = entry["ok"] as? Bool
        }
        return out
    }

    static func stop(_ daemon: Process) {
        if daemon.isRunning { kill(daemon.processIdentifier, SIGTERM) }
        daemon.waitUntilExit()
    }

    @Test func twoDaemonsAreTwoTransportsAndTwoSources() throws {
        let (a, urlA) = try CLIDaemonTests.startDaemon(CLIRunner())
        defer { Self.stop(a) }
        let (b, urlB) = try CLIDaemonTests.startDaemon(CLIRunner())
        defer { Self.stop(b) }

        let alice = CLIRunner()
        let name = try alice.genKey("site")
        let published = try alice.json("publish", "site", "bafkqaddwgevxmmraojswg33smq", "--api", urlA, "--api", urlB)
        #expect(Self.transports(published) == ["http \(urlA)": true, "http \(urlB)": true])
        let text = try alice.run("publish", "site", "bafkqaddwgevxmmraojswg33smq", "--api", urlA, "--api", urlB)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("http \(urlA): ok") && text.stdout.contains("http \(urlB): ok"), "\(text.stdout)")

        // Both hold it: a quorum of two distinct servers agrees.
        let bob = CLIRunner()
        let agreed = try bob.json("resolve", name, "--api", urlA, "--api", urlB, "--quorum", "2", "--nocache")
        #expect(agreed["sequence"] as? Int == 1)

        // An unknown name is "not found" as soon as both servers said so, not at the deadline.
        let stranger = try CLIRunner().genKey("nobody")
        let start = Date()
        let unknown = try CLIRunner().run("resolve", stranger, "--api", urlA, "--api", urlB, "--timeout", "30")
        #expect(unknown.status == 1, "\(unknown.stderr)")
        #expect(!unknown.stderr.contains("deadline"), "\(unknown.stderr)")
        #expect(Date().timeIntervalSince(start) < 20, "waited for the 30 s deadline")

        // The same server named twice (flag and environment) is asked once.
        var carol = CLIRunner()
        carol.environment["NAMECTL_API"] = urlA
        _ = try carol.genKey("c")
        let once = try carol.json("publish", "c", "bafkqaddwgevxmmraojswg33smq", "--api", urlA, "--api", urlB)
        #expect(Self.transports(once) == ["http \(urlA)": true, "http \(urlB)": true])

        // One server down: the report names which; quorum 2 cannot be met any more.
        Self.stop(b)
        let partial = try alice.run("publish", "site", "bafkqaddwgevxmmraojswg33smq", "--api", urlA, "--api", urlB, "--source-timeout", "2")
        #expect(partial.status == 6)
        #expect(partial.stdout.contains("http \(urlA): ok"), "\(partial.stdout)")
        #expect(partial.stdout.contains("http \(urlB): FAILED"), "\(partial.stdout)")
        let enough = try alice.run("publish", "site", "bafkqaddwgevxmmraojswg33smq", "--api", urlA, "--api", urlB,
                                   "--min-transports", "1", "--source-timeout", "2")
        #expect(enough.status == 0, "\(enough.stderr)")
        let short = try CLIRunner().run("resolve", name, "--api", urlA, "--api", urlB, "--quorum", "2", "--source-timeout", "2")
        #expect(short.status != 0)
        #expect(try CLIRunner().json("resolve", name, "--api", urlA, "--api", urlB, "--source-timeout", "2")["sequence"] as? Int == 3)
    }

    /// A "server" that reads one PUT, keeps its body, and never answers.
    static func startSwallowingServer(_ capture: String) throws -> (Process, String) {
        let script = """
            import socket, sys, time
            s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
            print(s.getsockname()[1], flush=True)
            while True:
                c, _ = s.accept()
                data = b""
                while b"\\r\\n\\r\\n" not in data:
                    data += c.recv(65536)
                head, body = data.split(b"\\r\\n\\r\\n", 1)
                length = int([l.split(b":")[1] for l in head.split(b"\\r\\n") if l.lower().startswith(b"content-length")][0])
                while len(body) < length:
                    body += c.recv(65536)
                open(sys.argv[1], "wb").write(body)
                time.sleep(120)
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = ["-c", script, capture]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let line = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return (p, "http://127.0.0.1:\(line)")
    }

    @Test func aPublishThatTimedOutAfterBeingStoredIsNeverSignedAgainUnderItsSequence() throws {
        let capture = NSTemporaryDirectory() + "swallowed-\(UUID().uuidString)"
        let (server, url) = try Self.startSwallowingServer(capture)
        defer { kill(server.processIdentifier, SIGKILL); server.waitUntilExit() }
        let alice = CLIRunner()
        let name = try alice.genKey("k")
        _ = try alice.json("publish", "k", "/ipfs/bafkqaddwgevxmmraojswg33smq")
        let timedOut = try alice.run("publish", "k", "/ipfs/bafkqaddwgevxmmraojswg33smq/second", "--api", url, "--source-timeout", "1")
        #expect(timedOut.status == 6)
        #expect(timedOut.stderr.contains("unconfirmed"), "\(timedOut.stderr)")
        // The server did store sequence 1 for the second value…
        let stored = try CLIRunner().json("inspect", capture, "--name", name)
        #expect(stored["sequence"] as? Int == 1)
        #expect(stored["value"] as? String == "/ipfs/bafkqaddwgevxmmraojswg33smq/second")
        // …so the next publish, of another value, signs above it.
        let next = try alice.json("publish", "k", "/ipfs/bafkqaddwgevxmmraojswg33smq/third")
        #expect(next["sequence"] as? Int == 2)
    }
}
