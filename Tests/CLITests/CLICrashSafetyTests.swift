import Foundation
import NameKeys
import Testing

/// Killing writers at random moments never leaves a torn key or a lost publish.
@Suite(.serialized)
struct CLICrashSafetyTests {
    @Test func killNineDuringKeyWritesLeavesOldOrNewNeverCorrupt() throws {
        var cli = CLIRunner()
        cli.environment["NAMECTL_PASSPHRASE"] = "pw"
        let survivor = try cli.run("key", "gen", "survivor")
        #expect(survivor.status == 0)
        let survivorName = survivor.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        var outcomes = (written: 0, absent: 0)
        for i in 0..<25 {
            let (p, _, _) = cli.process(["key", "gen", "k\(i)"])
            try p.run()
            // Argon2id takes tens of milliseconds: kill at varying points before, during and after the write.
            usleep(useconds_t(Int.random(in: 0...120_000)))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let ks = Keystore(directory: cli.home + "/keys")
            let loaded = Result { () throws(KeystoreError) -> PrivateKey in try ks.load("k\(i)", passphrase: .text("pw")) }
            switch loaded {
            case .success(let key):
                #expect(key.name == (try ks.entry("k\(i)")).name)
                outcomes.written += 1
            case .failure(let error):
                #expect(error.code == .keyNotFound, "k\(i): \(error)")
                outcomes.absent += 1
            }
            #expect(try ks.load("survivor", passphrase: .text("pw")).name.description == survivorName)
        }
        let list = try cli.run("key", "list")
        #expect(list.status == 0)
        #expect(!list.stderr.contains("damaged"))
        // Listing cleaned up the temp files the killed writers left behind.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: cli.home + "/keys").filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        #expect(outcomes.written + outcomes.absent == 25)
    }

    @Test func killNineDuringPublishNeverLosesOrRollsBack() throws {
        let cli = CLIRunner()
        let name = try cli.genKey("k")
        var lastSequence = -1
        for i in 0..<15 {
            let (p, _, _) = cli.process(["publish", "k", "bafkqaddwgevxmmraojswg33smq", "--json"])
            try p.run()
            usleep(useconds_t(Int.random(in: 0...60_000)))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let r = try cli.run("resolve", name, "--json")
            if r.status == 0 {
                let seq = (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])?["sequence"] as? Int ?? -2
                #expect(seq >= lastSequence, "iteration \(i): sequence went back from \(lastSequence) to \(seq)")
                lastSequence = seq
            } else {
                #expect(r.status == 1 && lastSequence == -1, "iteration \(i): \(r.stderr)")
            }
        }
        // The store is intact: a normal publish continues above everything seen.
        let after = try cli.json("publish", "k", "bafkqaddwgevxmmraojswg33smq")
        #expect((after["sequence"] as? Int ?? -1) > lastSequence)
    }

    @Test func concurrentPublishProcessesGetDistinctSequences() throws {
        let cli = CLIRunner()
        let name = try cli.genKey("k")
        let processes = try (0..<6).map { _ -> (Process, Pipe, Pipe) in
            let triple = cli.process(["publish", "k", "bafkqaddwgevxmmraojswg33smq", "--json"])
            try triple.0.run()
            return triple
        }
        var sequences: [Int] = []
        for (p, out, err) in processes {
            let data = out.fileHandleForReading.readDataToEndOfFile()
            _ = err.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
            if let seq = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["sequence"] as? Int { sequences.append(seq) }
        }
        #expect(sequences.sorted() == Array(0..<6))
        let final = try cli.json("resolve", name)
        #expect(final["sequence"] as? Int == 5)
    }
}
