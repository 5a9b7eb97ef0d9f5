import Foundation
import NameKeys
import NameRecord
import NamectlTestSupport
import Testing
@testable import NameDHT

/// `namectl follow` and `namectl daemon --dht` as a follower: the daemon keeps a name resolvable after
/// its owner went offline and every node that held the owner's put was destroyed.
@Suite(.serialized)
struct FollowerDaemonTests {
    /// Starts `namectl daemon` and waits for its address.
    static func startDaemon(home: String, _ args: [String]) throws -> (Process, String) {
        let (p, out, _) = NamectlBinary.process(home: home, ["daemon", "--listen", "127.0.0.1:0", "--no-republish"] + args)
        try p.run()
        let (url, printed) = NamectlBinary.listeningAddress(stdout: out)
        if let url { return (p, url) }
        p.terminate()
        throw LibtorrentNetwork.HelperError(description: "daemon did not report its address: \(printed)")
    }

    @Test func followCommandsKeepAListInTheHome() throws {
        let home = NamectlBinary.temporaryHome("namectl-follow")
        let name = PrivateKey.generate().name.description
        #expect(try NamectlBinary.run(home: home, ["follow", "add", "/ipns/\(name)"]).status == 0)
        #expect(try NamectlBinary.run(home: home, ["follow", "add", name]).stdout.contains("already following"))
        let list = try NamectlBinary.run(home: home, ["follow", "list"])
        #expect(list.stdout.contains(name) && list.stdout.contains("no item kept yet"))
        #expect(try NamectlBinary.run(home: home, ["follow", "add", "example.com"]).status == 2, "a DNS name has no DHT item")
        #expect(try NamectlBinary.run(home: home, ["follow", "rm", name]).status == 0)
        #expect(try NamectlBinary.run(home: home, ["follow", "rm", name]).status == 1)
        #expect(!(try NamectlBinary.run(home: home, ["follow", "list"]).stdout.contains(name)))
    }

    @Test func followerDaemonKeepsANameAliveAfterItsOwnerAndHoldersAreGone() async throws {
        let nodes = try await startLoopbackNetwork(count: 12)
        defer { Task { await stopAll(nodes) } }
        let owner = nodes[0]
        let key = PrivateKey.generate()
        let record = IPNSItemTests.record(key, seq: 3)
        let report = try await owner.publish(record: record, key: key)

        let home = NamectlBinary.temporaryHome("namectl-follower")
        #expect(try NamectlBinary.run(home: home, ["follow", "add", key.name.description]).status == 0)
        let entry = try await nodes[11].start()
        let (daemon, url) = try Self.startDaemon(home: home, ["--dht", "--bootstrap", "\(entry)", "--dht-keepalive", "1"])
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        // The first round keeps the original item in the home.
        let follow = FollowList(path: home + "/dht-follow")
        var kept: MutableItem?
        for _ in 0..<100 where kept == nil {
            kept = (try follow.load()[key.name]) ?? nil
            if kept == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let original = try IPNSItem.make(record: record, key: key)
        #expect(kept == original, "the daemon keeps the owner's signed item unchanged")

        // The owner and every node its put reached go away.
        let holders = Set(report.storedOn.map(\.endpoint))
        var survivors: [DHTNode] = []
        for n in nodes {
            let at = try await n.start()
            if n === owner || holders.contains(at) { await n.stop() } else { survivors.append(n) }
        }
        try #require(!survivors.isEmpty)
        let reader = DHTNode(configuration: loopbackConfiguration(timeout: .milliseconds(300)))
        try await reader.start()
        defer { Task { await reader.stop() } }
        try await reader.bootstrap([try await survivors[0].start()])
        var found: (Record, DHTLookupResult)?
        for _ in 0..<20 where found == nil {
            found = try? await reader.resolveDetailed(name: key.name)
            if found == nil { try await Task.sleep(for: .milliseconds(250)) }
        }
        #expect(found?.0 == record)
        #expect(found?.1.item == original, "the very item the owner signed")

        // The daemon serves the followed name over HTTP too.
        let viaHTTP = try NamectlBinary.run(home: NamectlBinary.temporaryHome("namectl-reader"), ["resolve", key.name.description, "--api", url, "--json"])
        #expect(viaHTTP.status == 0, "\(viaHTTP.stderr)")
        #expect(viaHTTP.stdout.contains("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"))
        daemon.terminate()
        daemon.waitUntilExit()
    }
}
