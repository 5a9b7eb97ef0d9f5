import Foundation
import Synchronization

/// A Python helper from `Tests/Interop/` that speaks JSON lines: it prints one ready line, then
/// answers one line per command line. It exits when its stdin closes (so a dying test never leaves
/// it behind); `close()` also terminates it by PID.
public final class InteropHelper: @unchecked Sendable {
    // @unchecked: `process` and the pipes are set once in init; reads are serialised by `reader`.
    private let process = Process()
    private let stdin = Pipe()
    private let reader: JSONLineReader
    /// The ready line.
    public let ready: [String: Any]

    /// Why a helper failed.
    public struct HelperError: Error, CustomStringConvertible {
        /// What happened.
        public let description: String
    }

    /// The path of `Tests/Interop/<script>`.
    public static func script(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Interop/\(name)").path
    }

    /// Starts `python3 Tests/Interop/<script> arguments…` (python3 from PATH) and waits for its ready line.
    /// - Throws: when it exits first or its ready line has an `error`.
    public init(script name: String, arguments: [String] = [], environment: [String: String] = [:]) async throws {
        let stdout = Pipe()
        reader = JSONLineReader(stdout)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script(name)] + arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.standardError
        try process.run()
        do {
            ready = try await reader.next()
        } catch {
            process.terminate()
            throw error
        }
        if let error = ready["error"] {
            close()
            throw HelperError(description: "\(name): \(error)")
        }
    }

    /// Sends one command and waits for the answer.
    public func call(_ command: [String: Any]) async throws -> [String: Any] {
        let data = try JSONSerialization.data(withJSONObject: command) + Data([10])
        stdin.fileHandleForWriting.write(data)
        return try await reader.next()
    }

    /// Closes stdin and terminates the helper.
    public func close() {
        try? stdin.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}

/// Reads JSON object lines from a pipe. Each blocking read runs on a thread of its own: it must not
/// hold one of the few threads of Swift's cooperative pool while tests run in parallel.
final class JSONLineReader: Sendable {
    private let pipe: Pipe
    private let pending = Mutex<[UInt8]>([])

    init(_ pipe: Pipe) { self.pipe = pipe }

    func next() async throws -> [String: Any] {
        let box: [String: Any] = try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try self.readLine() }) }
        }
        return box
    }

    private func readLine() throws -> [String: Any] {
        try pending.withLock { buffer in
            while true {
                if let newline = buffer.firstIndex(of: 10) {
                    let line = Array(buffer[..<newline])
                    buffer.removeSubrange(...newline)
                    guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                        throw InteropHelper.HelperError(description: "helper printed a non-object line")
                    }
                    return object
                }
                let chunk = pipe.fileHandleForReading.availableData
                guard !chunk.isEmpty else { throw InteropHelper.HelperError(description: "helper exited") }
                buffer.append(contentsOf: chunk)
            }
        }
    }
}
