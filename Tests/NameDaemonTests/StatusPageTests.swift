import Foundation
import NameKeys
import NameRecord
import NameResolver
import Testing
@testable import NameDaemon

/// The status page, loaded in Debian's headless chromium against a running daemon.
@Suite(.serialized)
struct StatusPageTests {
    struct DownSource: RecordSource {
        struct Down: Error {}
        var identity: EndpointIdentity { EndpointIdentity(kind: "http", endpoint: "http://127.0.0.1:9/") }
        func candidates(for name: Name) async throws -> [[UInt8]] { throw Down() }
    }

    static let chromium = "/usr/bin/chromium"

    /// Runs headless chromium with `arguments` (plus the flags a root, GPU-less test machine needs), returning stdout.
    func chromium(_ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.chromium)
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                       "--user-data-dir=" + FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UUID().uuidString)").path] + arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        return waitCollecting(p, output: out, seconds: 60)
    }

    func record(_ key: PrivateKey, value: String, seq: UInt64) -> Record {
        try! Record.create(key: key, value: Array(value.utf8), sequence: seq, validity: Timestamp.now().adding(nanoseconds: 48 * 3_600_000_000_000),
                           ttl: 3_600_000_000_000)
    }

    @Test func pageShowsNamesSourcesAndFailuresEscapedAndPagedInARealBrowser() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.chromium), "chromium missing: run make deps")
        let keys = (0..<60).map { try! PrivateKey(seed: [UInt8](repeating: UInt8(100 + $0), count: 32)) }
        let owned = keys[0]
        let d = try await RunningDaemon.start(extraSources: [DownSource()], keys: [owned])
        defer { d.stop() }
        for key in keys.dropFirst(2) { try d.store.put(RecordValidator.standard.validate(record(key, value: "/ipfs/bafkqaddwgevxmmraojswg33smq", seq: 1), for: key.name), source: "dht") }
        try d.store.put(RecordValidator.standard.validate(record(owned, value: "/ipfs/bafkqaddwgevxmmraojswg33smq/owned", seq: 5), for: owned.name), source: "local")
        let hostile = "/ipfs/x<script>document.title='p'+'wned'</script>&\"'"
        #expect(try await d.request("PUT", "/routing/v1/ipns/\(keys[1].name)", body: record(keys[1], value: hostile, seq: 3).bytes).0 == 200)
        var tampered = record(keys[1], value: "/ipfs/y", seq: 4).entry
        tampered.signatureV2![0] ^= 1
        #expect(try await d.request("PUT", "/routing/v1/ipns/\(keys[1].name)", body: tampered.bytes).0 == 400)
        let stranger = try PrivateKey(seed: [UInt8](repeating: 250, count: 32))
        #expect(try await d.request("GET", "/routing/v1/ipns/\(stranger.name)").0 == 502)

        let names = Set(keys.map(\.name.description))
        var shown = Set<String>()
        var pages: [String] = []
        for page in 1...2 {
            let dom = try chromium(["--dump-dom", d.base + "/?page=\(page)"])
            pages.append(dom)
            #expect(dom.contains("page \(page) of 2"))
            #expect(dom.contains("60 name(s) held, 1 owned"))
            #expect(!dom.contains("pwned"), "the hostile value must not run as script")
            #expect(!dom.contains("<script>"))
            // Page-independent sections: source health and validation failures.
            #expect(dom.contains("<td>http http://127.0.0.1:9/</td><td>0</td><td>1</td><td>1</td>"))
            #expect(dom.contains("backed off") || dom.contains("failing, tried again"))
            #expect(dom.contains("signature_v2_invalid"))
            for name in names where dom.contains(name) { shown.insert(name) }
        }
        let both = pages.joined()
        #expect(both.components(separatedBy: "<span class=\"owned\">owned</span>").count == 2)
        #expect(both.contains("/ipfs/bafkqaddwgevxmmraojswg33smq/owned"))
        #expect(both.contains("&lt;script&gt;document.title="))
        #expect(both.contains("found via http PUT from 127.0.0.1"))
        #expect(shown == names, "every name appears on exactly the two pages")

        let artefacts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/test-artefacts")
        try FileManager.default.createDirectory(at: artefacts, withIntermediateDirectories: true)
        let shot = artefacts.appendingPathComponent("status-page.png")
        try? FileManager.default.removeItem(at: shot)
        _ = try chromium(["--screenshot=" + shot.path, "--window-size=1400,1000", "--hide-scrollbars", d.base + "/"])
        let png = try Data(contentsOf: shot)
        print("status page screenshot: \(shot.path)")
        #expect(png.starts(with: [0x89, 0x50, 0x4e, 0x47]))
        #expect(png.count > 10_000)
    }
}

/// The page's HTML on its own (no browser): backoff display and escaping of every field.
@Suite struct StatusPageRenderTests {
    @Test func backoffAndEveryPrintedFieldIsEscaped() {
        let now = Timestamp.now()
        let page = StatusPage(rows: [.init(name: "k51<b>", owned: true, value: "/ipfs/\"x'&", sequence: 3, expires: now.adding(nanoseconds: 7_200_000_000_000),
                                          events: .init(foundVia: "http PUT from <1.2.3.4>", foundAt: now))],
                              page: 1, pages: 1, totalNames: 1, ownedNames: 1,
                              sources: [.init(label: "dht<x>", successes: 1, failures: 4, consecutiveFailures: 3, backoffLeft: 30)],
                              failures: ([.init(at: now, name: "n<", reason: "r&", source: "s\"")], [("r&", 2)]),
                              hotEntries: 0, hotBytes: 0, connections: 1, now: now).render()
        #expect(page.contains("backed off, 30s left"))
        #expect(page.contains("k51&lt;b&gt;"))
        #expect(page.contains("/ipfs/&quot;x&#39;&amp;"))
        #expect(page.contains("http PUT from &lt;1.2.3.4&gt;"))
        #expect(page.contains("dht&lt;x&gt;"))
        #expect(page.contains("n&lt;") && page.contains("r&amp;") && page.contains("s&quot;"))
        #expect(!page.contains("<b>") && !page.contains("<x>") && !page.contains("<1.2.3.4>"))
    }
}
