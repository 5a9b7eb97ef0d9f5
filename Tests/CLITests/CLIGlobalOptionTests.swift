import Foundation
import NamectlTestSupport
import Testing

/// Global options (`--home`, `--json`, `--verbose`/`-v`) work before the subcommand, as in git and
/// kubo, and after it, as before.
@Suite(.serialized)
struct CLIGlobalOptionTests {
    @Test func homeBeforeOrAfterTheSubcommand() throws {
        let cli = CLIRunner()
        let other = NamectlBinary.temporaryHome("namectl-global")
        let gen = try cli.run("--home", other, "key", "gen", "a", "--insecure-no-passphrase")
        #expect(gen.status == 0, "\(gen.stderr)")
        let name = gen.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(FileManager.default.fileExists(atPath: other + "/keys/a.key"))
        #expect(!FileManager.default.fileExists(atPath: cli.home + "/keys/a.key"))
        for args in [["--home", other, "key", "list"], ["--home=\(other)", "key", "list"], ["key", "list", "--home", other],
                     ["key", "--home", other, "list"], ["key", "list", "--home=\(other)"]] {
            let r = try cli.run(args)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            #expect(r.stdout.contains(name), "\(args)")
        }
        // A value that looks like a subcommand is still the option's value.
        let keyDir = other + "/key"
        #expect(try cli.run("--home", keyDir, "key", "gen", "b", "--insecure-no-passphrase").status == 0)
        #expect(FileManager.default.fileExists(atPath: keyDir + "/keys/b.key"))
    }

    @Test func versionPrintsTheReleaseAndTouchesNoHome() throws {
        let cli = CLIRunner()
        let r = try cli.run("--version")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("namectl "), "\(r.stdout)")
        #expect(r.stdout.split(separator: " ").last.map { $0.split(separator: ".").count == 3 } == true, "\(r.stdout)")
        #expect(!FileManager.default.fileExists(atPath: cli.home + "/namectl.sqlite"))
    }

    @Test func jsonBeforeOrAfterTheSubcommand() throws {
        let cli = CLIRunner()
        _ = try cli.genKey("a")
        for args in [["--json", "key", "list"], ["key", "list", "--json"], ["key", "--json", "list"]] {
            let r = try cli.run(args)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            #expect((try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8))) != nil, "\(args): \(r.stdout)")
        }
        #expect(try cli.run("--json", "publish", "a", "bafkqaddwgevxmmraojswg33smq").stdout.contains("\"sequence\":0"))
    }

    @Test func verboseBeforeOrAfterTheSubcommand() throws {
        let cli = CLIRunner()
        let name = try cli.genKey("a")
        #expect(try cli.run("publish", "a", "bafkqaddwgevxmmraojswg33smq").status == 0)
        for args in [["-v", "resolve", name, "--offline"], ["--verbose", "resolve", name, "--offline"],
                     ["resolve", name, "--offline", "-v"], ["resolve", "--verbose", name, "--offline"]] {
            let r = try cli.run(args)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            #expect(r.stderr.contains("opened store"), "\(args): verbose logging is on")
        }
        #expect(!(try cli.run("resolve", name, "--offline")).stderr.contains("opened store"))
    }

    @Test func allTogetherAndTheEdges() throws {
        let cli = CLIRunner()
        let other = NamectlBinary.temporaryHome("namectl-global")
        #expect(try cli.run("--home", other, "key", "gen", "a", "--insecure-no-passphrase").status == 0)
        let r = try cli.run("--home", other, "--json", "-v", "key", "list")
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("{") || r.stdout.hasPrefix("["))
        // Unknown options, `--` and a missing value stay usage errors (exit 2), not crashes.
        #expect(try cli.run("--bogus", "key", "list").status == 2)
        #expect(try cli.run("--home", other, "--", "key", "list").status == 2)
        #expect(try cli.run("--home").status == 2)
    }
}
