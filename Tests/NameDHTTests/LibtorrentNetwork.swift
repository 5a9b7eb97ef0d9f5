import Foundation
import Synchronization
@testable import NameDHT

/// A loopback network of real libtorrent sessions (Debian's python3-libtorrent), run by
/// `Tests/Interop/libtorrent_dht.py` and driven over JSON lines. The helper dies with its stdin and
/// with this process (PR_SET_PDEATHSIG); `close()` also terminates it by PID.
final class LibtorrentNetwork: @unchecked Sendable {
    // @unchecked: `process` and the pipes are set once in init; line reads are serialised by `lock`.
    private let process = Process()
    private let stdin = Pipe()
    private let stdout = Pipe()
    private let lock = Mutex<[UInt8]>([])
    /// The sessions' DHT ports on 127.0.0.1.
    let ports: [UInt16]
    /// Ports of the `doomed` sessions (alive until `kill_doomed`, then closed).
    let doomedPorts: [UInt16]

    static var helperPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Interop/libtorrent_dht.py").path
    }

    /// Whether Debian's libtorrent binding is importable (`make deps` installs it; a test asserts it).
    static var available: Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = ["-c", "import libtorrent, nacl"]
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }

    /// - Parameter doomed: extra sessions that join the network and can later be shut down with the
    ///   `kill_doomed` command, leaving dead ports in everyone's routing tables.
    init(sessions: Int = 8, doomed: Int = 0) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [LibtorrentNetwork.helperPath, "--sessions", String(sessions), "--doomed", String(doomed)]
        process.standardInput = stdin
        process.standardOutput = stdout
        // The helper's tracebacks, if any, go to the test log.
        process.standardError = FileHandle.standardError
        try process.run()
        var ready: [String: Any] = [:]
        do {
            ready = try LibtorrentNetwork.readJSON(stdout, buffer: lock)
        } catch {
            process.terminate()
            throw error
        }
        ports = (ready["ports"] as? [Int] ?? []).map { UInt16($0) }
        doomedPorts = (ready["doomed_ports"] as? [Int] ?? []).map { UInt16($0) }
    }

    var endpoints: [DHTEndpoint] { ports.map { DHTEndpoint(address: [127, 0, 0, 1], port: $0)! } }

    struct HelperError: Error, CustomStringConvertible { let description: String }

    private static func readJSON(_ pipe: Pipe, buffer: borrowing Mutex<[UInt8]>) throws -> [String: Any] {
        try buffer.withLock { pending in
            while true {
                if let nl = pending.firstIndex(of: 10) {
                    let line = Array(pending[..<nl])
                    pending.removeSubrange(...nl)
                    guard let obj = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                        throw HelperError(description: "helper printed a non-object line")
                    }
                    return obj
                }
                let chunk = pipe.fileHandleForReading.availableData
                guard !chunk.isEmpty else { throw HelperError(description: "libtorrent helper exited") }
                pending.append(contentsOf: chunk)
            }
        }
    }

    /// Sends one command and waits (off the cooperative pool) for its answer line.
    func call(_ command: [String: Any]) async throws -> [String: Any] {
        let data = try JSONSerialization.data(withJSONObject: command) + Data([10])
        stdin.fileHandleForWriting.write(data)
        return try await withCheckedThrowingContinuation { cont in
            Thread.detachNewThread { [self] in
                cont.resume(with: Result { try LibtorrentNetwork.readJSON(stdout, buffer: lock) })
            }
        }
    }

    func close() {
        try? stdin.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}
