import Foundation

/// Finds and runs the built `namectl` executable for end-to-end tests in any test target.
public enum NamectlBinary {
    /// The executable: `$NAMECTL_BIN`, else beside the test bundle (the build directory), else `.build/debug`.
    public static let path: String = {
        if let override = ProcessInfo.processInfo.environment["NAMECTL_BIN"] { return override }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("namectl").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/namectl").path
    }()

    /// A configured, not yet started `namectl args` process with `NAMECTL_HOME=home`, no inherited
    /// `NAMECTL_PASSPHRASE`, `environment` on top, stdin from /dev/null, and piped stdout/stderr.
    public static func process(home: String, _ args: [String], environment: [String: String] = [:]) -> (Process, Pipe, Pipe) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["NAMECTL_HOME"] = home
        env["NAMECTL_PASSPHRASE"] = nil
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        return (p, out, err)
    }

    /// Runs `namectl args` (see `process`) and waits for it.
    public static func run(home: String, _ args: [String], environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        let (p, out, err) = process(home: home, args, environment: environment)
        let result = try ProcessOutput.collect(p, stdout: out, stderr: err)
        return (result.status, String(decoding: result.stdout, as: UTF8.self), String(decoding: result.stderr, as: UTF8.self))
    }

    /// Reads a started daemon's stdout until it prints its `http://127.0.0.1:PORT` address (30 s at most).
    /// - Returns: the address, or `nil` (with what it printed) when it exited or stayed silent.
    public static func listeningAddress(stdout: Pipe) -> (url: String?, printed: String) {
        var collected = Data()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            collected.append(chunk)
            if let line = String(data: collected, encoding: .utf8), let range = line.range(of: "http://127.0.0.1:[0-9]+", options: .regularExpression) {
                return (String(line[range]), line)
            }
        }
        return (nil, String(decoding: collected, as: UTF8.self))
    }

    /// A fresh temporary home directory.
    public static func temporaryHome(_ prefix: String = "namectl-test") -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }
}
