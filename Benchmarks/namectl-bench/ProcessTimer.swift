#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Times whole child processes with `posix_spawn` + `waitpid`, to the microsecond.
///
/// Foundation's `Process.waitUntilExit()` polls its run loop every 50 ms, so any process timed with it
/// takes 50, 100 or 150 ms; a 5 ms `drill` measured 52 ms that way. Spawning and reaping directly gives
/// the time the user waits.
enum ProcessTimer {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `exe` with `args` (output to /dev/null) and returns its wall time in seconds.
    static func run(_ exe: String, _ args: [String], env: [String: String]) throws -> Double {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([exe] + args).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let start = DispatchTime.now().uptimeNanoseconds
        let spawned = posix_spawn(&pid, exe, &actions, nil, argv, envp)
        guard spawned == 0 else { throw Failure(description: "\(exe): posix_spawn failed (\(spawned))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        // WIFEXITED && WEXITSTATUS == 0, spelled out (the macros are not imported).
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw Failure(description: "\(exe) \(args.joined(separator: " ")) ended with status \(status)")
        }
        return elapsed
    }
}
