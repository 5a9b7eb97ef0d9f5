import Foundation

/// Runs the Python helpers in `Tests/Interop` (reference implementations the tests compare against).
public enum PythonScript {
    /// A run that exited non-zero, with everything the script printed.
    public struct Failure: Error, CustomStringConvertible {
        /// The command, its exit status, stderr and stdout.
        public let description: String
    }

    /// `Tests/Interop/<name>` in this repository.
    public static func path(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Interop").appendingPathComponent(name).path
    }

    /// Runs `python3 Tests/Interop/<name> arguments…` and returns its stdout.
    /// - Throws: `Failure` unless it exits with status 0.
    public static func run(_ name: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", path(name)] + arguments
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Drain stderr concurrently so neither pipe can fill and block the child.
        let errData = ErrBox()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errData.data = stderr.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "python3 \(name) \(arguments.joined(separator: " ")) exited \(process.terminationStatus): "
                + String(decoding: errData.data + out, as: UTF8.self))
        }
        return out
    }
}
