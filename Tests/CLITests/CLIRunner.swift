import Foundation
import NamectlTestSupport

/// Runs the built `namectl` binary in a temporary home, with a timeout.
struct CLIRunner {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    let home: String
    var environment: [String: String] = [:]

    init() {
        home = NamectlBinary.temporaryHome("namectl-cli")
    }

    /// A runner whose home is `homeOverride` (which may be unusable on purpose).
    init(homeOverride: String) {
        home = homeOverride
    }

    func process(_ args: [String]) -> (Process, Pipe, Pipe) {
        NamectlBinary.process(home: home, args, environment: environment)
    }

    @discardableResult
    func run(_ args: String..., timeout: TimeInterval = 60) throws -> Result {
        try run(args, timeout: timeout)
    }

    func run(_ args: [String], timeout: TimeInterval = 60) throws -> Result {
        let (p, out, err) = process(args)
        try p.run()
        let deadline = Date().addingTimeInterval(timeout)
        // Read both pipes concurrently so a chatty process never blocks.
        let outData = ReadBox(), errData = ReadBox()
        let group = DispatchGroup()
        for (pipe, box) in [(out, outData), (err, errData)] {
            group.enter()
            DispatchQueue.global().async {
                box.data = pipe.fileHandleForReading.readDataToEndOfFile()
                group.leave()
            }
        }
        while p.isRunning && Date() < deadline { usleep(5000) }
        if p.isRunning {
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            group.wait()
            throw CLITimeout(args: args)
        }
        p.waitUntilExit()
        group.wait()
        return Result(status: p.terminationStatus, stdout: String(decoding: outData.data, as: UTF8.self),
                      stderr: String(decoding: errData.data, as: UTF8.self))
    }

    /// `key gen` with no passphrase; returns the new name.
    func genKey(_ label: String) throws -> String {
        let r = try run("key", "gen", label, "--insecure-no-passphrase")
        guard r.status == 0 else { throw CLIFailure(result: r) }
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func json(_ args: String...) throws -> [String: Any] {
        let r = try run(args + ["--json"])
        guard r.status == 0, let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] else {
            throw CLIFailure(result: r)
        }
        return obj
    }
}

final class ReadBox: @unchecked Sendable { var data = Data() }
struct CLITimeout: Error { let args: [String] }
struct CLIFailure: Error, CustomStringConvertible {
    let result: CLIRunner.Result
    var description: String { "exit \(result.status): \(result.stderr)" }
}
