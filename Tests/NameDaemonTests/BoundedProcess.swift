import Foundation

/// Runs a started process to its end, terminating it after `seconds` so a misbehaving child cannot
/// hang the suite; returns everything it wrote to `output`.
func waitCollecting(_ process: Process, output: Pipe, seconds: Double) -> String {
    // SIGKILL: a child of the test runner may inherit an ignored SIGTERM.
    let killer = DispatchWorkItem { kill(process.processIdentifier, SIGKILL) }
    DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: killer)
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    killer.cancel()
    return String(decoding: data, as: UTF8.self)
}
