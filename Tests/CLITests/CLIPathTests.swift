import Foundation
import Testing

/// Paths with `.`/`..` segments and over-long names are usage errors (exit 2) through the binary.
@Suite(.serialized)
struct CLIPathTests {
    @Test func dotSegmentsAndOverlongNamesAreRefused() throws {
        let cli = CLIRunner()
        let name = try cli.genKey("k")
        #expect(try cli.run("publish", "k", "bafkqaddwgevxmmraojswg33smq").status == 0)
        #expect(try cli.run("resolve", "/ipns/\(name)/a", "--offline").status == 0)
        let dots = try cli.run("resolve", "/ipns/\(name)/a/../b", "--offline")
        #expect(dots.status == 2)
        #expect(dots.stderr.contains("'..' is not allowed"))
        #expect(try cli.run("publish", "k", "/ipfs/bafkqaddwgevxmmraojswg33smq/./x").status == 2)
        let long = try cli.run("resolve", "k51" + String(repeating: "q", count: 100_000), "--offline", timeout: 30)
        #expect(long.status == 2)
        #expect(long.stderr.contains("longer than any IPNS name"))
    }
}
