import Foundation
import NameKeys
import NameRecord
import NamectlTestSupport
import Testing
@testable import NameDHT

/// Issue 12: namectl as a user runs it — one short-lived process per command, from a fresh home —
/// on a loopback Mainline DHT of real libtorrent sessions that is full of dead addresses: every
/// namectl process that joined and exited leaves one behind, and sessions die.
///
/// `everyNameResolvesAfterHalfTheSwarmIsDestroyed` also prints the `make bench` rows for the user's
/// path (whole `namectl resolve --dht` processes from fresh homes: success rate, median) and for a
/// cold library node's first valid answer against a fresh libtorrent session's first value, on the
/// same churned swarm. It asserts behaviour only (every name resolves); the times are for the bench.
@Suite(.serialized)
struct ChurnTests {
    static let value = "/ipfs/bafkqaddwgevxmmraojswg33smq"

    static func home() -> String { NamectlBinary.temporaryHome("namectl-churn") }

    static func newName(_ home: String, _ key: String) throws -> String {
        let r = try NamectlBinary.run(home: home, ["key", "gen", key, "--insecure-no-passphrase"])
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func publish(_ home: String, _ key: String, bootstrap: String) throws {
        let r = try NamectlBinary.run(home: home, ["publish", key, value, "--dht", "--bootstrap", bootstrap, "--json"])
        #expect(r.status == 0, "publish \(key): \(r.stderr)")
        #expect(r.stdout.contains("{\"endpoint\":\"mainline\",\"kind\":\"dht\",\"ok\":true}"), "publish \(key): \(r.stdout)")
    }

    /// `namectl resolve --dht` as a whole process; the value and the wall time (ms), or the error.
    static func resolve(_ home: String, _ name: String, bootstrap: String) throws -> (value: String?, ms: Double, error: String) {
        let start = ContinuousClock.now
        let r = try NamectlBinary.run(home: home, ["resolve", "/ipns/\(name)", "--dht", "--bootstrap", bootstrap, "--nocache", "--json"])
        let ms = FirstAnswerBenchmarkTests.ms(ContinuousClock.now - start)
        let json = try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        return (r.status == 0 ? json?["value"] as? String : nil, ms, r.stderr)
    }

    /// Issue 12's first report: 8 sessions; after a namectl publish has exited (its node's address
    /// stays in the swarm, dead), resolving from a fresh home failed after 5 s.
    @Test func freshHomeResolvesWhileExitedNamectlNodesLeftDeadAddresses() async throws {
        let lt = try LibtorrentNetwork(sessions: 8)
        defer { lt.close() }
        let bootstrap = lt.ports.prefix(3).map { "127.0.0.1:\($0)" }.joined(separator: ",")
        let alice = Self.home()
        var names: [String] = []
        // Each publish is a namectl process that joins the swarm and exits, leaving a dead address.
        for i in 0..<2 {
            names.append(try Self.newName(alice, "k\(i)"))
            try Self.publish(alice, "k\(i)", bootstrap: bootstrap)
        }
        for name in names {
            let fresh = try Self.resolve(Self.home(), name, bootstrap: bootstrap)
            #expect(fresh.value == Self.value, "fresh home: \(fresh.error)")
            let own = try Self.resolve(alice, name, bootstrap: bootstrap)
            #expect(own.value == Self.value, "publisher's home: \(own.error)")
        }
        // libtorrent reads what namectl published.
        let key = try #require(Name(names[0]).embeddedKey)
        let got = try await lt.call(["cmd": "get", "pk": Hex.encode(key.data), "salt": "ipns", "session": 6])
        #expect(got["found"] as? Bool == true, "\(got)")
    }

    /// Issue 12's churn report: 40 sessions, names published through the CLI (each publish leaving a
    /// dead address), then half the sessions destroyed. Every name must resolve from a fresh home
    /// through live bootstrap hosts, from its publisher's home, and from the other publisher's home
    /// (whose saved routing table now lists dead nodes).
    @Test func everyNameResolvesAfterHalfTheSwarmIsDestroyed() async throws {
        let lt = try LibtorrentNetwork(sessions: 20, doomed: 20)
        defer { lt.close() }
        let live = lt.ports.prefix(3)
        let bootstrap = live.map { "127.0.0.1:\($0)" }.joined(separator: ",")
        let homes = [Self.home(), Self.home()]
        var names: [(name: String, home: Int)] = []
        for i in 0..<4 {
            let h = i % 2
            names.append((try Self.newName(homes[h], "k\(i)"), h))
            try Self.publish(homes[h], "k\(i)", bootstrap: bootstrap)
        }
        let killed = try await lt.call(["cmd": "kill_doomed"])
        #expect(killed["closed"] as? Bool == true, "\(killed)")

        var freshTimes: [Double] = [], ok = 0
        for (name, h) in names {
            let fresh = try Self.resolve(Self.home(), name, bootstrap: bootstrap)
            #expect(fresh.value == Self.value, "fresh home: \(fresh.error)")
            if fresh.value == Self.value { ok += 1 }
            freshTimes.append(fresh.ms)
            let own = try Self.resolve(homes[h], name, bootstrap: bootstrap)
            #expect(own.value == Self.value, "publisher's home: \(own.error)")
            let other = try Self.resolve(homes[1 - h], name, bootstrap: bootstrap)
            #expect(other.value == Self.value, "other publisher's home: \(other.error)")
        }

        // Cold library nodes (empty table, the 3 bootstrap hosts) vs fresh libtorrent sessions.
        var cold: [Double] = [], fresh: [Double] = []
        for (name, _) in names {
            let parsed = try Name(name)
            var config = DHTConfiguration()
            config.bindAddress = DHTEndpoint(address: [127, 0, 0, 1], port: 0)!
            config.bootstrapNodes = live.map { "127.0.0.1:\($0)" }
            config.allowPrivateAddresses = true
            let start = ContinuousClock.now
            let node = DHTNode(configuration: config)
            try await node.start()
            let record = try await node.resolveFirst(name: parsed)
            cold.append(FirstAnswerBenchmarkTests.ms(ContinuousClock.now - start))
            await node.stop()
            #expect(record.value == Array(Self.value.utf8))
            let key = try #require(parsed.embeddedKey)
            let got = try await lt.call(["cmd": "fresh_get", "pk": Hex.encode(key.data), "salt": "ipns", "bootstrap": Array(live).map(Int.init), "timeout": 10])
            #expect(got["found"] as? Bool == true, "fresh libtorrent session: \(got)")
            if let ms = got["ms"] as? Double { fresh.append(ms) }
        }
        let p50 = { (xs: [Double]) in FirstAnswerBenchmarkTests.fmt(FirstAnswerBenchmarkTests.pct(xs, 0.5)) }
        print("""
            DHT churn (40 libtorrent sessions, 20 destroyed, \(names.count) names published by namectl processes):
              namectl resolve --dht, whole process, fresh home: \(ok)/\(names.count) resolved, median \(p50(freshTimes)) (goal 100 %, ≤ 1 s)
              cold library node → first valid answer: median \(p50(cold)); fresh libtorrent session → first value: median \(p50(fresh)); \
            ratio \(FirstAnswerBenchmarkTests.times(FirstAnswerBenchmarkTests.pct(cold, 0.5) / FirstAnswerBenchmarkTests.pct(fresh, 0.5))) (goal ≤ 2×)
            """)
    }
}
