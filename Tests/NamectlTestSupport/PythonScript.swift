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
        let result = try ProcessOutput.collect(process, stdout: stdout, stderr: stderr)
        guard result.status == 0 else {
            throw Failure(description: "python3 \(name) \(arguments.joined(separator: " ")) exited \(result.status)"
                + (result.timedOut ? " (killed after 300 s)" : "") + ": " + String(decoding: result.stderr + result.stdout, as: UTF8.self))
        }
        return result.stdout
    }
}
