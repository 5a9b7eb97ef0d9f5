import Foundation
import Testing

/// `key rotate` moves a name to a new key without a moment in which the old name fails to resolve.
@Suite(.serialized)
struct CLIKeyRotateTests {
    static let value = "/ipfs/bafkqaddwgevxmmraojswg33smq"

    @Test func theOldNameKeepsItsAnswerAfterRotationInAFreshHome() throws {
        let cli = CLIRunner()
        let old = try cli.genKey("a")
        #expect(try cli.run("publish", "a", Self.value).status == 0)
        #expect(try cli.json("resolve", old)["value"] as? String == Self.value)

        let rotated = try cli.json("key", "rotate", "a", "b", "--insecure-no-passphrase")
        let new = try #require(rotated["new"] as? String)
        #expect(rotated["value"] as? String == Self.value)
        #expect(try cli.json("resolve", old, "--nocache")["value"] as? String == Self.value)
        #expect(try cli.json("resolve", new)["value"] as? String == Self.value)
        // The old name's own record forwards to the new name.
        #expect(try cli.json("resolve", old, "--nocache")["hops"].map { "\($0)" }?.contains(new) == true)
    }

    @Test func rotationPublishesBothRecordsThroughTheTransportsGiven() throws {
        let server = CLIRunner()
        let (daemon, url) = try CLIDaemonTests.startDaemon(server)
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }

        let alice = CLIRunner()
        let old = try alice.genKey("a")
        #expect(try alice.run("publish", "a", Self.value, "--api", url).status == 0)
        let before = CLIRunner()
        #expect(try before.json("resolve", old, "--api", url)["value"] as? String == Self.value)

        let rotated = try alice.json("key", "rotate", "a", "b", "--api", url, "--insecure-no-passphrase")
        let new = try #require(rotated["new"] as? String)

        // A resolver that has never seen either name and asks only the daemon gets the same answer.
        let fresh = CLIRunner()
        #expect(try fresh.json("resolve", old, "--api", url)["value"] as? String == Self.value)
        #expect(try fresh.json("resolve", new, "--api", url)["value"] as? String == Self.value)
        // So does the resolver that had cached the old record (it finds the forwarding one).
        #expect(try before.json("resolve", old, "--api", url, "--nocache")["value"] as? String == Self.value)
    }

    @Test func aNameWithoutARecordOnlyGetsTheForwardingRecord() throws {
        let cli = CLIRunner()
        let old = try cli.genKey("a")
        let rotated = try cli.json("key", "rotate", "a", "b", "--insecure-no-passphrase")
        #expect(rotated["value"] is NSNull)
        #expect(try cli.run("resolve", old).status == 1, "b has no record, as a had none")
        #expect(try cli.run("key", "rotate", "a", "b", "--insecure-no-passphrase").status == 4, "never overwrites a key")
    }
}
