import Foundation
import Testing

/// Bad input gets a clear message and a documented exit code, and loses nothing.
@Suite(.serialized)
struct CLIBadInputTests {
    @Test func unknownKeyMalformedNameAndMalformedCID() throws {
        let cli = CLIRunner()
        _ = try cli.genKey("k")
        let unknown = try cli.run("publish", "nope", "bafkqaddwgevxmmraojswg33smq")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no key named 'nope'"))
        let badName = try cli.run("resolve", "/ipns/k51notaname")
        #expect(badName.status == 2)
        #expect(badName.stderr.contains("k51notaname"))
        let badCID = try cli.run("publish", "k", "bafybrokencid")
        #expect(badCID.status == 2)
        #expect(badCID.stderr.contains("not a valid CID"))
        let badDuration = try cli.run("publish", "k", "bafkqaddwgevxmmraojswg33smq", "--lifetime", "forever")
        #expect(badDuration.status == 2)
        #expect(try cli.run("resolve", "k51qzi5uqu5dlkw8pxuw9qmqayfdeh4kfebhmreauqdc6a7c3y7d5i9fi8mk9w").status == 1)
    }

    @Test func corruptKeyFileIsReportedAndOthersStillWork() throws {
        let cli = CLIRunner()
        _ = try cli.genKey("good")
        try Data("{\"format\":\"namectl-key/1\",\"name\":\"x\"".utf8).write(to: URL(fileURLWithPath: cli.home + "/keys/bad.key"))
        let r = try cli.run("publish", "bad", "bafkqaddwgevxmmraojswg33smq")
        #expect(r.status == 4)
        #expect(r.stderr.contains("damaged"))
        let list = try cli.run("key", "list")
        #expect(list.status == 0)
        #expect(list.stdout.contains("good"))
        #expect(list.stderr.contains("bad"))
        #expect(try cli.run("publish", "good", "bafkqaddwgevxmmraojswg33smq").status == 0)
    }

    @Test func corruptDatabaseIsAClearErrorNotACrash() throws {
        let cli = CLIRunner()
        _ = try cli.genKey("k")
        try Data(repeating: 0x5a, count: 4096).write(to: URL(fileURLWithPath: cli.home + "/namectl.sqlite"))
        let r = try cli.run("publish", "k", "bafkqaddwgevxmmraojswg33smq")
        #expect(r.status == 5)
        #expect(r.stderr.contains("not a valid namectl database"))
    }

    @Test func unusableHomeIsAClearError() throws {
        let cli = CLIRunner()
        // A home that cannot be created: under a regular file (works for root too).
        let blocker = cli.home + "/file"
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
        var blocked = CLIRunner()
        blocked = CLIRunner(homeOverride: blocker + "/home")
        let r = try blocked.run("resolve", "k51qzi5uqu5dlkw8pxuw9qmqayfdeh4kfebhmreauqdc6a7c3y7d5i9fi8mk9w")
        #expect(r.status == 5)
        #expect(r.stderr.contains("cannot use data directory"))
        let g = try blocked.run("key", "gen", "k", "--insecure-no-passphrase")
        #expect(g.status == 5)
    }

    @Test func readOnlyHomeKeepsExistingState() throws {
        guard geteuid() != 0 else {
            // root ignores file modes; the unusable-home test above covers the error path for root.
            let cli = CLIRunner(homeOverride: "/proc/namectl-readonly-home")
            #expect(try cli.run("key", "gen", "k", "--insecure-no-passphrase").status == 5)
            return
        }
        let cli = CLIRunner()
        let name = try cli.genKey("k")
        try cli.run("publish", "k", "bafkqaddwgevxmmraojswg33smq")
        chmod(cli.home + "/keys", 0o500)
        chmod(cli.home, 0o500)
        defer { chmod(cli.home, 0o700); chmod(cli.home + "/keys", 0o700) }
        #expect(try cli.run("key", "gen", "k2", "--insecure-no-passphrase").status == 5)
        #expect(try cli.run("resolve", name).stdout.contains("bafkq"))
    }

    @Test func inspectRejectsGarbageFiles() throws {
        let cli = CLIRunner()
        let file = cli.home + "/garbage.ipns-record"
        try Data([0x0a, 0xff, 0xff, 0xff]).write(to: URL(fileURLWithPath: file))
        let r = try cli.run("inspect", file, "--name", "k51qzi5uqu5dlkw8pxuw9qmqayfdeh4kfebhmreauqdc6a7c3y7d5i9fi8mk9w")
        #expect(r.status == 2)
        #expect(r.stderr.contains("malformed_record"))
        let big = cli.home + "/big.ipns-record"
        try Data(repeating: 0, count: 20_000).write(to: URL(fileURLWithPath: big))
        let b = try cli.run("inspect", big, "--name", "k51qzi5uqu5dlkw8pxuw9qmqayfdeh4kfebhmreauqdc6a7c3y7d5i9fi8mk9w")
        #expect(b.status == 2)
        #expect(b.stderr.contains("record_too_large"))
    }
}

struct CLIOversizedValueTests {
    @Test func oversizedValuesAreRefusedByRecordCreateAndPublish() throws {
        let cli = CLIRunner()
        _ = try cli.genKey("k")
        let value = "/ipfs/bafkqaddwgevxmmraojswg33smq/" + String(repeating: "a", count: 5200)
        let created = try cli.run("record", "create", "--key", "k", "--value", value, "-o", cli.home + "/x")
        #expect(created.status == 2)
        #expect(created.stderr.contains("record_too_large"))
        let published = try cli.run("publish", "k", value)
        #expect(published.status == 2)
        #expect(published.stderr.contains("record_too_large"))
        // Nothing was stored.
        #expect(try cli.run("resolve", "k51qzi5uqu5dlkw8pxuw9qmqayfdeh4kfebhmreauqdc6a7c3y7d5i9fi8mk9w").status == 1)
    }
}
