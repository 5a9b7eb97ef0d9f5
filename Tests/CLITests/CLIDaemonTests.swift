import Foundation
import NamectlTestSupport
import Testing

/// `namectl daemon` as users run it: a real process on an ephemeral port, other homes talking to it
/// through `--api`, and SIGTERM for a graceful stop.
@Suite(.serialized)
struct CLIDaemonTests {
    /// Starts the daemon and waits for its "listening on" line.
    static func startDaemon(_ cli: CLIRunner) throws -> (Process, String) {
        let (p, out, _) = cli.process(["daemon", "--listen", "127.0.0.1:0", "--no-republish"])
        try p.run()
        let (url, printed) = NamectlBinary.listeningAddress(stdout: out)
        if let url { return (p, url) }
        p.terminate()
        throw CLIFailure(result: .init(status: -1, stdout: printed, stderr: "daemon did not report its address"))
    }

    @Test func publishAndResolveThroughARunningDaemonThenStopGracefully() throws {
        let server = CLIRunner()
        let (daemon, url) = try Self.startDaemon(server)
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }

        let alice = CLIRunner()
        let name = try alice.genKey("site")
        let published = try alice.json("publish", "site", "bafkqaddwgevxmmraojswg33smq", "--api", url)
        #expect(CLIFaultTests.transports(published) == ["http \(url)": true])

        // Bob has no local record: only the daemon knows the name.
        let bob = CLIRunner()
        #expect(try bob.run("resolve", name, "--offline").status == 1)
        let resolved = try bob.json("resolve", "/ipns/\(name)/x", "--api", url)
        #expect(resolved["value"] as? String == "/ipfs/bafkqaddwgevxmmraojswg33smq/x")
        #expect((resolved["source"] as? [String: Any])?["kind"] as? String == "http")
        #expect((resolved["source"] as? [String: Any])?["endpoint"] as? String == url)
        // …and now holds it locally, validated.
        #expect(try bob.run("resolve", name, "--offline").status == 0)

        // A daemon that is down makes publish fail per transport. The record stays, unconfirmed,
        // and its sequence is never signed again.
        kill(daemon.processIdentifier, SIGTERM)
        daemon.waitUntilExit()
        #expect(daemon.terminationStatus == 0)
        let offline = try alice.run("publish", "site", "bafkqaddwgevxmmraojswg33smq", "--api", url, "--source-timeout", "2")
        #expect(offline.status == 6)
        #expect(offline.stdout.contains("http \(url): FAILED"))
        #expect(offline.stderr.contains("unconfirmed"))
        #expect(try alice.json("resolve", name, "--offline")["sequence"] as? Int == 1)
        #expect(try alice.json("publish", "site", "bafkqaddwgevxmmraojswg33smq")["sequence"] as? Int == 2)
    }
}

/// NAMECTL_API makes a daemon a standing transport and source without flags.
@Suite(.serialized)
struct CLIDefaultTransportTests {
    @Test func environmentDefaultsActLikeFlags() throws {
        let server = CLIRunner()
        let (daemon, url) = try CLIDaemonTests.startDaemon(server)
        defer { kill(daemon.processIdentifier, SIGKILL); daemon.waitUntilExit() }
        var alice = CLIRunner()
        alice.environment["NAMECTL_API"] = url
        let name = try alice.genKey("k")
        let published = try alice.json("publish", "k", "bafkqaddwgevxmmraojswg33smq")
        #expect(CLIFaultTests.transports(published) == ["http \(url)": true])
        var bob = CLIRunner()
        bob.environment["NAMECTL_API"] = url
        #expect((try bob.json("resolve", name)["source"] as? [String: Any])?["kind"] as? String == "http")
    }
}
