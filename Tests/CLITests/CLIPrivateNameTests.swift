import Foundation
import NameKeys
import NameRecord
import NamectlTestSupport
import Testing

/// Private names end to end through fresh `namectl` processes: `publish --label`, `share`, and
/// `resolve <address>`, locally and through a real `namectl daemon` that relays records it can
/// neither read nor attribute.
@Suite(.serialized)
struct CLIPrivateNameTests {
    static let cid = "bafkqaddwgevxmmraojswg33smq"

    @Test func publishShareAndResolveInOneHome() throws {
        let alice = CLIRunner()
        let owner = try alice.genKey("blog")
        let published = try alice.json("publish", "blog", "/ipfs/\(Self.cid)", "--label", "friends")
        let address = try #require(published["address"] as? String)
        let blinded = try #require(published["name"] as? String)
        #expect(published["owner"] as? String == owner)
        #expect(blinded != owner)
        #expect(published["sequence"] as? Int == 0)

        let share = try alice.run("share", "blog", "--label", "friends")
        #expect(share.status == 0)
        #expect(share.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == address)
        let byName = try alice.json("share", owner, "--label", "friends")
        #expect(byName["address"] as? String == address)
        #expect(byName["blindedName"] as? String == blinded)

        let resolved = try alice.json("resolve", address + "/docs/a.html")
        #expect(resolved["value"] as? String == "/ipfs/\(Self.cid)/docs/a.html")
        #expect(resolved["name"] as? String == blinded)
        #expect(try alice.run("resolve", address.uppercased()).stdout.contains("/ipfs/\(Self.cid)"))

        // Per blinded name: the next publish is sequence 1; the owner's public name stays unpublished.
        #expect(try alice.json("publish", "blog", "/ipfs/\(Self.cid)/v2", "--label", "friends")["sequence"] as? Int == 1)
        #expect(try alice.json("publish", "blog", "/ipfs/\(Self.cid)", "--label", "family")["sequence"] as? Int == 0)
        #expect(try alice.json("resolve", address)["value"] as? String == "/ipfs/\(Self.cid)/v2")
        #expect(try alice.run("resolve", owner, "--offline").status == 1)
    }

    @Test func wrongLabelTyposAndBadLabelsFailCleanly() throws {
        let alice = CLIRunner()
        _ = try alice.genKey("blog")
        let address = try #require(try alice.json("publish", "blog", Self.cid, "--label", "friends")["address"] as? String)

        let wrongLabel = try alice.run("share", "blog", "--label", "Friends").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let notFound = try alice.run("resolve", wrongLabel)
        #expect(notFound.status == 1, "\(notFound.stderr)")
        #expect(notFound.stdout.isEmpty)

        var chars = Array(address)
        chars[30] = chars[30] == "q" ? "p" : "q"
        let typo = try alice.run("resolve", String(chars))
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("checksum") && typo.stderr.contains("position 31"), "\(typo.stderr)")
        #expect(typo.stdout.isEmpty)

        let badLabel = try alice.run("publish", "blog", Self.cid, "--label", String(repeating: "x", count: 64))
        #expect(badLabel.status == 2)
        #expect(badLabel.stderr.contains("63"))
        #expect(try alice.run("share", "blog", "--label", "").status == 2)
    }

    /// The daemon as an untrusting relay: it accepts, stores and serves the blinded name's record
    /// (it validates like any record), but nothing it holds names the owner or the label, and it
    /// can only hand out ciphertext.
    @Test func daemonRelaysPrivateRecordsItCannotReadOrAttribute() throws {
        let relay = CLIRunner()
        let (daemon, url) = try CLIDaemonTests.startDaemon(relay)
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL); daemon.waitUntilExit() } }

        let alice = CLIRunner()
        let owner = try alice.genKey("blog")
        let label = "book-club-7f3a"
        let published = try alice.json("publish", "blog", "/ipfs/\(Self.cid)", "--label", label, "--api", url)
        #expect(CLIFaultTests.transports(published) == ["http \(url)": true])
        let address = try #require(published["address"] as? String)
        let blinded = try #require(published["name"] as? String)

        // A second publish is sequence 1 of the blinded name, through the relay too.
        let second = try alice.json("publish", "blog", "/ipfs/\(Self.cid)/v2", "--label", label, "--api", url)
        #expect(second["sequence"] as? Int == 1 && second["name"] as? String == blinded)

        // Bob has only the address and the relay.
        let bob = CLIRunner()
        let resolved = try bob.json("resolve", address + "/x", "--api", url)
        #expect(resolved["value"] as? String == "/ipfs/\(Self.cid)/v2/x")
        #expect((resolved["source"] as? [String: Any])?["kind"] as? String == "http")
        #expect(resolved["sequence"] as? Int == 1)
        let other = try alice.run("share", "blog", "--label", "book-club").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try bob.run("resolve", other, "--api", url).status == 1, "a wrong label finds nothing")

        // Without the address, the relay's record is an ordinary record with an opaque value.
        let eve = CLIRunner()
        let raw = try eve.json("resolve", blinded, "--api", url)
        #expect(raw["sequence"] as? Int == 1)
        #expect((raw["value"] as? String)?.contains(Self.cid) == false)
        #expect(try eve.run("resolve", owner, "--api", url).status == 1, "nothing is stored under the owner's name")

        // Everything the relay keeps on disk: no owner name, owner key, label, or value.
        kill(daemon.processIdentifier, SIGTERM)
        daemon.waitUntilExit()
        let held = try Self.allBytes(under: relay.home)
        #expect(Self.contains(held, Array(blinded.utf8)), "the relay did store the blinded name's record")
        let ownerKey = try Name(owner).embeddedKey!.data
        for secret in [Array(owner.utf8), ownerKey, Array(label.utf8), Array(Self.cid.utf8), Array(address.utf8)] {
            #expect(!Self.contains(held, secret))
        }
    }

    /// `publish --label` keeps the label (sealed under the owner's key) and a `namectl daemon` that
    /// unlocks the key re-signs the blinded name's record — next sequence, fresh EOL, same sealed
    /// value — so readers with the address keep resolving it; `share --forget` stops that. The label
    /// never appears in clear in the home or the daemon's log.
    @Test func daemonKeepsPrivateNamesAliveUntilForgotten() throws {
        var alice = CLIRunner()
        alice.environment["NAMECTL_PASSPHRASE"] = "correct horse battery staple"
        let gen = try alice.run("key", "gen", "blog")
        #expect(gen.status == 0, "\(gen.stderr)")
        let owner = gen.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let label = "garden-club-91c2"
        let published = try alice.json("publish", "blog", "/ipfs/\(Self.cid)", "--label", label)
        let address = try #require(published["address"] as? String)
        let blinded = try #require(published["name"] as? String)
        let firstValidity = try #require(published["validity"] as? String)
        let firstEOL = try #require(Timestamp(rfc3339: Array(firstValidity.utf8)))

        let (daemon, out, err) = alice.process(["daemon", "--listen", "127.0.0.1:0", "--republish-interval", "1s", "-v"])
        try daemon.run()
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL); daemon.waitUntilExit() } }
        let log = ReadBox(), logDone = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            log.data = err.fileHandleForReading.readDataToEndOfFile()
            logDone.signal()
        }
        let (listening, printed) = NamectlBinary.listeningAddress(stdout: out)
        let url = try #require(listening, "\(printed)")
        #expect(printed.contains("1 key(s) unlocked"), "\(printed)")

        // What anyone without the address sees: the blinded name's record, re-signed every second or so.
        func seen() throws -> (sequence: Int, validity: Timestamp) {
            let r = try CLIRunner().json("resolve", blinded, "--api", url)
            let validity = try #require(Timestamp(rfc3339: Array(((r["validity"] as? String) ?? "").utf8)))
            return (try #require(r["sequence"] as? Int), validity)
        }
        var latest = try seen()
        let deadline = Date().addingTimeInterval(60)
        while latest.sequence < 2 && Date() < deadline {
            usleep(300_000)
            latest = try seen()
        }
        #expect(latest.sequence >= 2, "re-signed at least twice")
        #expect(firstEOL < latest.validity)

        // Bob, with only the address and the daemon, still reads the value.
        let bob = try CLIRunner().json("resolve", address + "/x", "--api", url)
        #expect(bob["value"] as? String == "/ipfs/\(Self.cid)/x")
        #expect((bob["sequence"] as? Int ?? 0) >= 2)

        // Forgotten: the daemon stops re-signing it (it reads the kept labels on every pass).
        let forget = try alice.run("share", "blog", "--label", label, "--forget")
        #expect(forget.status == 0 && forget.stdout.contains(address), "\(forget.stderr)")
        #expect(try alice.run("share", "blog", "--label", label, "--forget").status == 1, "nothing left to forget")
        usleep(2_500_000)
        let settled = try seen().sequence
        usleep(2_500_000)
        #expect(try seen().sequence == settled)

        // SIGTERM stops it although its republisher is running (the loop honours graceful shutdown).
        kill(daemon.processIdentifier, SIGTERM)
        let stopBy = Date().addingTimeInterval(15)
        while daemon.isRunning && Date() < stopBy { usleep(50_000) }
        #expect(!daemon.isRunning, "the daemon ignored SIGTERM")
        if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) }
        daemon.waitUntilExit()
        logDone.wait()
        let logText = String(decoding: log.data, as: UTF8.self)
        #expect(logText.contains("re-signed") && logText.contains(blinded), "the log names the blinded name it re-signs")
        let home = try Self.allBytes(under: alice.home)
        for secret in [label, address, "/ipfs/\(Self.cid)"] {
            #expect(!logText.contains(secret))
            #expect(!Self.contains(home, Array(secret.utf8)), "\(secret) in clear in the home")
        }
        #expect(Self.contains(home, Array(owner.utf8)), "the key file names its owner, as it always does")
    }

    static func allBytes(under dir: String) throws -> [UInt8] {
        var out: [UInt8] = []
        let files = FileManager.default.enumerator(atPath: dir)
        while let file = files?.nextObject() as? String {
            let path = dir + "/" + file
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue {
                out += Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            }
        }
        return out
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        let first = needle[0]
        var i = 0
        while i <= haystack.count - needle.count {
            if haystack[i] == first, haystack[i..<i + needle.count].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }
}
