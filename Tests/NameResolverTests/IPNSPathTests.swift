import Testing
@testable import NameResolver

/// `.` and `..` segments are refused (never cleaned), so a path means what it says.
struct IPNSPathTests {
    static let name = "k51qzi5uqu5dlkw8pxuw9qmqayfdeh4kfebhmreauqdc6a7c3y7d5i9fi8mk9w"

    @Test func dotSegmentsAreRefused() {
        for text in ["/ipns/\(Self.name)/a/../b", "/ipns/\(Self.name)/..", "/ipns/\(Self.name)/./a", "\(Self.name)/..",
                     "/ipfs/bafkqaddwgevxmmraojswg33smq/../../etc", "/ipns/example.com/a/.."] {
            #expect(throws: ResolveError(.invalidPath, ""), "\(text)") { try IPNSPath(text) }
        }
        #expect(throws: ResolveError(.invalidPath, "")) { try IPNSPath.publishValue("/ipfs/bafkqaddwgevxmmraojswg33smq/..") }
    }

    @Test func dotsInsideASegmentAndEmptySegmentsAreFine() throws {
        let path = try IPNSPath("/ipns/\(Self.name)//a/.well-known/b..c/...")
        #expect(path.remainder == ["a", ".well-known", "b..c", "..."])
    }

    @Test func overlongCIDTextIsRefusedBeforeDecoding() {
        #expect(throws: ResolveError(.invalidPath, "")) { try IPNSPath("/ipfs/Qm" + String(repeating: "z", count: 500_000)) }
    }
}
