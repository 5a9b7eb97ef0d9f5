import Foundation

/// Everything a finished child process printed, collected without letting either pipe fill.
public struct ProcessOutput: Sendable {
    /// The exit status (a signal number + 128 style value when it was killed).
    public let status: Int32
    /// Bytes written to standard output.
    public let stdout: Data
    /// Bytes written to standard error.
    public let stderr: Data
    /// Whether the process was killed because it outlived its time limit.
    public let timedOut: Bool

    /// Starts `process` (whose standard output and error are `stdout` and `stderr`), drains both
    /// pipes concurrently and waits for it; a child still running after `limit` is killed with
    /// SIGKILL, so a hung child fails its test instead of hanging the suite.
    public static func collect(_ process: Process, stdout: Pipe, stderr: Pipe, limit: Duration = .seconds(300)) throws -> ProcessOutput {
        try process.run()
        let errData = ErrBox()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errData.data = stderr.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
        let killed = KillSwitch()
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem {
            killed.fired = true
            kill(pid, SIGKILL)
        }
        let seconds = Double(limit.components.seconds) + Double(limit.components.attoseconds) / 1e18
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: watchdog)
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        // `waitUntilExit()` alone polls its run loop every 50 ms (a 2 ms child took 52 ms); `isRunning`
        // turns false as soon as the child is reaped. The watchdog bounds this loop.
        while process.isRunning { usleep(1000) }
        process.waitUntilExit()
        watchdog.cancel()
        return ProcessOutput(status: process.terminationStatus, stdout: out, stderr: errData.data, timedOut: killed.fired)
    }
}

/// Bytes one reader thread writes before signalling and the waiting thread reads after.
final class ErrBox: @unchecked Sendable {
    // Written once by the reader thread before `done.signal()`, read after `done.wait()`.
    var data = Data()
}

/// Set by the watchdog before it kills the child; read after the child was reaped.
final class KillSwitch: @unchecked Sendable {
    // Written at most once by the watchdog, read after `waitUntilExit()` (the kill happens-before the exit).
    var fired = false
}
