import NIOCore
import Synchronization

/// Closes a channel at a deadline (or on demand), so an exchange waiting on it ends at once.
final class Guardrail: Sendable {
    private let channel: any Channel
    private let timer: Scheduled<Void>
    private let firedFlag = Atomic<Bool>(false)

    /// Arms the guardrail: `channel` is closed when `deadline` passes.
    init(_ channel: any Channel, deadline: Deadline) {
        self.channel = channel
        timer = channel.eventLoop.scheduleTask(in: .milliseconds(Int64(deadline.remaining))) { [channel] in
            channel.close(promise: nil)
        }
        timer.futureResult.whenSuccess { [self] in firedFlag.store(true, ordering: .relaxed) }
    }

    /// Whether the deadline closed the channel.
    var fired: Bool { firedFlag.load(ordering: .relaxed) }

    /// Closes the channel now (task cancellation).
    func close() { channel.close(promise: nil) }

    /// Disarms the deadline.
    func cancel() { timer.cancel() }
}
