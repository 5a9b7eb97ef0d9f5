import Foundation
import Synchronization
import Libp2p
import NameKeys
import NameRecord
import NamectlTestSupport
import Testing
@testable import NameAmino

/// Issue 13's benchmarks, printed as ratios (`make bench` runs them in release mode; in debug builds
/// the numbers are only indicative). They assert behaviour, never speed.
@Suite(.serialized) struct AminoBenchmarkTests {
    /// One stream of Noise + yamux against a raw TCP connection, same bytes, same loopback.
    @Test func noiseYamuxStreamThroughputComparedWithRawTCP() async throws {
        let total = 16 << 20
        let chunk = [UInt8](repeating: 0xa5, count: 64 * 1024)
        let clock = ContinuousClock()

        // Raw TCP: a listener that counts bytes.
        let rawDone = AsyncStream<Int>.makeStream()
        let listener = try await TCPListener.bind(host: "127.0.0.1", port: 0) { tcp in
            Task {
                var received = 0
                while received < total { received += (try? await tcp.readSome(maxCount: 1 << 20).count) ?? total }
                rawDone.continuation.yield(received)
            }
        }
        let tcp = try await TCPConnection.connect(host: "127.0.0.1", port: listener.port, timeout: .seconds(5))
        let rawStart = clock.now
        for _ in 0..<(total / chunk.count) { try await tcp.write(chunk) }
        var rawIterator = rawDone.stream.makeAsyncIterator()
        let rawReceived = await rawIterator.next()
        let rawTime = clock.now - rawStart
        await tcp.close()
        await listener.close()

        // Noise + yamux: a host whose handler counts a stream's bytes.
        let streamDone = AsyncStream<Int>.makeStream()
        let server = Libp2pHost(identity: .generate())
        server.setHandler("/namectl/bench/sink/1.0.0") { stream, _ in
            var received = 0
            while received < total { received += (try? await stream.readSome(maxCount: 1 << 20).count) ?? total }
            streamDone.continuation.yield(received)
        }
        let address = try await server.listen()
        let client = Libp2pHost(identity: .generate())
        defer { Task { await client.close(); await server.close() } }
        let (stream, _) = try await client.newStream(to: server.peerID, addresses: [address], protocols: ["/namectl/bench/sink/1.0.0"])
        let streamStart = clock.now
        for _ in 0..<(total / chunk.count) { try await stream.write(chunk) }
        var streamIterator = streamDone.stream.makeAsyncIterator()
        let streamReceived = await streamIterator.next()
        let streamTime = clock.now - streamStart

        #expect(rawReceived == total)
        #expect(streamReceived == total)
        func mbps(_ d: Duration) -> Double { Double(total) / 1_048_576 / (Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18) }
        print(String(format: "amino bench: raw TCP %.0f MiB/s, Noise+yamux stream %.0f MiB/s, ratio %.3f× (16 MiB, 64 KiB writes)",
                     mbps(rawTime), mbps(streamTime), mbps(streamTime) / mbps(rawTime)))
    }

    /// On a 20-node Kubo swarm holding one record: a fresh client's time to the first valid record
    /// (bootstrap included) against the time until 16 valid answers (what Kubo waits for).
    @Test func firstValidRecordComparedWithSixteenRecordQuorumOnTwentyKuboNodes() async throws {
        let swarm = try await KuboSwarm(nodes: 20)
        defer { swarm.close() }
        let bootstrap = [try Multiaddr(swarm.nodes[0].address)]
        let publisher = makeClient()
        defer { Task { await publisher.close() } }
        try await publisher.bootstrap(bootstrap)
        let key = PrivateKey.generate()
        let record = try makeRecord(key, value: "/ipfs/bench", sequence: 1)
        let put = try await publisher.publish(record, for: key.name)
        #expect(put.stored.count >= 16, "\(put.failures)")

        let clock = ContinuousClock()
        var firstTimes: [Duration] = [], quorumTimes: [Duration] = [], bootstrapTimes: [Duration] = []
        for _ in 0..<5 {
            let reader = makeClient(quorum: 16)
            let start = clock.now
            try await reader.bootstrap(bootstrap)
            bootstrapTimes.append(clock.now - start)
            let first = FirstArrival()
            let report = try await reader.get(name: key.name) { _ in first.mark(clock.now) }
            let end = clock.now
            await reader.close()
            #expect(report.best == record)
            #expect(report.validAnswers >= 16)
            firstTimes.append(try #require(first.value) - start)
            quorumTimes.append(end - start)
        }
        func ms(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }
        func median(_ d: [Duration]) -> Double { d.map(ms).sorted()[d.count / 2] }
        let boot = median(bootstrapTimes), first = median(firstTimes), quorum = median(quorumTimes)
        print(String(format: "amino bench: 20 Kubo nodes, fresh client, median of 5: bootstrap %.1f ms; first valid record %.1f ms, 16-record quorum %.1f ms (bootstrap included), ratio %.3f×; after bootstrap %.1f vs %.1f ms, ratio %.3f×",
                     boot, first, quorum, first / quorum, first - boot, quorum - boot, (first - boot) / (quorum - boot)))
    }

    /// The same question asked the way users ask it: a fresh `namectl` process with a fresh home
    /// (identity creation, bootstrap and process start included). `resolve --amino` answers on the
    /// first valid record (plus the resolver's grace window); `resolve --stream --amino` keeps going
    /// until the lookup has 16 valid answers, as Kubo does, so its first line and its exit time give
    /// both numbers from one process.
    @Test func cliFirstValidRecordComparedWithSixteenRecordQuorumOnTwentyKuboNodes() async throws {
        let swarm = try await KuboSwarm(nodes: 20)
        defer { swarm.close() }
        let bootstrap = swarm.nodes[0].address
        let publisher = NamectlBinary.temporaryHome("namectl-aminobench")
        let name = try NamectlBinary.run(home: publisher, ["key", "gen", "k", "--insecure-no-passphrase"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let publish = try NamectlBinary.run(home: publisher, ["publish", "k", "/ipfs/bafkqaaa", "--amino", "--amino-bootstrap", bootstrap, "--json"])
        #expect(publish.status == 0, "\(publish.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(publish.stdout.utf8)) as? [String: Any]
        #expect(((report?["amino"] as? [String: Int])?["stored"] ?? 0) >= 16, "\(publish.stdout)")

        var resolveTimes: [Double] = [], firstTimes: [Double] = [], quorumTimes: [Double] = []
        for _ in 0..<5 {
            let start = Date()
            let plain = try NamectlBinary.run(home: NamectlBinary.temporaryHome("namectl-aminobench"),
                                              ["resolve", name, "--amino", "--amino-bootstrap", bootstrap])
            resolveTimes.append(Date().timeIntervalSince(start) * 1000)
            #expect(plain.stdout == "/ipfs/bafkqaaa\n", "\(plain.stderr)")

            let (process, out, _) = NamectlBinary.process(home: NamectlBinary.temporaryHome("namectl-aminobench"),
                                                          ["resolve", name, "--stream", "--amino", "--amino-bootstrap", bootstrap])
            let streamStart = Date()
            try process.run()
            var printed = Data()
            while !printed.contains(10) {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                printed.append(chunk)
            }
            firstTimes.append(Date().timeIntervalSince(streamStart) * 1000)
            printed.append(out.fileHandleForReading.readDataToEndOfFile())
            process.waitUntilExit()
            quorumTimes.append(Date().timeIntervalSince(streamStart) * 1000)
            #expect(process.terminationStatus == 0)
            #expect(String(decoding: printed, as: UTF8.self).hasPrefix("/ipfs/bafkqaaa\t"))
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        let plain = median(resolveTimes), first = median(firstTimes), quorum = median(quorumTimes)
        print(String(format: "amino bench: 20 Kubo nodes, namectl process with a fresh home, median of 5: resolve --amino %.0f ms; --stream first valid record %.0f ms, 16-record quorum %.0f ms, ratio first/quorum %.3f×",
                     plain, first, quorum, first / quorum))
    }
}

/// The first time a callback fired.
final class FirstArrival: Sendable {
    private let time = Mutex<ContinuousClock.Instant?>(nil)
    func mark(_ now: ContinuousClock.Instant) { time.withLock { if $0 == nil { $0 = now } } }
    var value: ContinuousClock.Instant? { time.withLock { $0 } }
}


