import Foundation
import Testing

/// Every time flag takes Go durations (a plain number is seconds) and refuses, with exit 2 and a
/// message, what is malformed or out of its range — never a trap.
@Suite(.serialized)
struct CLIDurationTests {
    @Test func timeoutsTakeGoDurationsAndPlainSeconds() throws {
        let cli = CLIRunner()
        let name = try cli.genKey("k")
        #expect(try cli.run("publish", "k", "bafkqaddwgevxmmraojswg33smq").status == 0)
        for value in ["2s", "1m30s", "500ms", "2", "1.5", "1.5s"] {
            let r = try cli.run("resolve", name, "--timeout", value)
            #expect(r.status == 0, "--timeout \(value): \(r.stderr)")
            let s = try cli.run("resolve", name, "--source-timeout", value)
            #expect(s.status == 0, "--source-timeout \(value): \(s.stderr)")
        }
    }

    @Test func outOfRangeOrMalformedTimesAreUsageErrors() throws {
        let cli = CLIRunner()
        let name = try cli.genKey("k")
        for value in ["1e11", "inf", "nan", "-1", "-2s", "0", "0s", "2600000h", "300y", "2x", "", "1h-5m", "99999999999999999999s"] {
            for flag in ["--timeout", "--source-timeout"] {
                let r = try cli.run("resolve", name, flag, value)
                #expect(r.status == 2, "\(flag) \(value): exit \(r.status) \(r.stderr)")
                #expect(r.stderr.contains(flag), "\(flag) \(value): \(r.stderr)")
            }
        }
        let lifetime0 = try cli.run("publish", "k", "bafkqaddwgevxmmraojswg33smq", "--lifetime", "0")
        #expect(lifetime0.status == 2)
        #expect(lifetime0.stderr.contains("out of range"))
        #expect(try cli.run("publish", "k", "bafkqaddwgevxmmraojswg33smq", "--lifetime", "36501d").status == 2)
        #expect(try cli.run("publish", "k", "bafkqaddwgevxmmraojswg33smq", "--ttl", "366d").status == 2)
        #expect(try cli.run("record", "create", "--key", "k", "--value", "/ipfs/bafkqaddwgevxmmraojswg33smq",
                            "--lifetime", "inf", "-o", cli.home + "/r").status == 2)
        #expect(try cli.run("key", "rotate", "k", "k2", "--lifetime", "1e11", "--insecure-no-passphrase").status == 2)
        #expect(try cli.run("zone", "k", "--domain", "example.com", "--ttl", "1.5").status == 2)
        #expect(try cli.run("publish", "k", "bafkqaddwgevxmmraojswg33smq", "--dns-update", "127.0.0.1:1", "--zone", "example.com",
                            "--dns-ttl", "1e9").status == 2)
    }

    @Test func recordTimesTakePlainSecondsAndFractions() throws {
        let cli = CLIRunner()
        _ = try cli.genKey("k")
        let published = try cli.json("publish", "k", "bafkqaddwgevxmmraojswg33smq", "--ttl", "90", "--lifetime", "1.5h")
        #expect(published["ttl"] as? Int == 90_000_000_000)
        let zone = try cli.run("zone", "k", "--domain", "example.com", "--ttl", "7m")
        #expect(zone.status == 0, "\(zone.stderr)")
        #expect(zone.stdout.contains("420"))
    }

    @Test func daemonConfigDurationsAreRangeChecked() throws {
        let cli = CLIRunner()
        for line in ["republish-interval: 0", "republish-interval: 2628000h", "republish-interval: 1e11",
                     "republish-interval: .inf", "lifetime: 0s", "ttl: -5m"] {
            let file = cli.home + "/namectl.yaml"
            try Data("listen: 127.0.0.1:0\n\(line)\n".utf8).write(to: URL(fileURLWithPath: file))
            let r = try cli.run("daemon", "--config", file, timeout: 20)
            #expect(r.status == 2, "\(line): exit \(r.status) \(r.stderr)")
            #expect(r.stderr.contains(String(line.prefix { $0 != ":" })), "\(line): \(r.stderr)")
        }
    }
}
