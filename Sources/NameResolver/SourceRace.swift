import NameKeys
import Synchronization
import NameRecord

/// Asks every source concurrently, each under its own timeout, validates every candidate and keeps
/// the best. Returns when the first valid answer has had a short grace window for a better one
/// (or `quorum` sources agree), when every source is done, or at the deadline; the rest are cancelled.
struct SourceRace: Sendable {
    let sources: [any RecordSource]
    let perSourceTimeout: Double
    let grace: Double
    let deadline: Double
    let quorum: Int
    let health: SourceHealth
    let validator: RecordValidator

    private enum Event: Sendable {
        case answered(String, Record)
        case done(String)
        case failed(String, String)
        case graceOver
        case deadline
    }

    /// Runs the race. `improved` is called with each strictly better record as it arrives.
    func run(name: Name, context: ValidationContext, improved: @Sendable (Record, String) async -> Void) async -> RaceOutcome {
        var outcome = RaceOutcome()
        var agreeingSources = Set<String>()
        let perSource = perSourceTimeout
        let health = self.health
        let (events, channel) = AsyncStream<Event>.makeStream()
        await withTaskGroup(of: Void.self) { group in
            for source in sources {
                group.addTask { await SourceRace.consume(source, name: name, timeout: perSource, health: health, into: channel) }
            }
            let deadline = self.deadline
            group.addTask {
                try? await Task.sleep(nanoseconds: UInt64(max(0, deadline) * 1e9))
                if !Task.isCancelled { channel.yield(.deadline) }
            }
            var finished = Set<String>()
            var graceStarted = false
            loop: for await event in events {
                switch event {
                case .deadline:
                    outcome.failed.append(("deadline", "resolution deadline of \(deadline) s reached"))
                    break loop
                case .graceOver:
                    if agreeingSources.count >= quorum { break loop }
                case .failed(let label, let reason):
                    if finished.insert(label).inserted { outcome.failed.append((label, reason)) }
                case .done(let label):
                    finished.insert(label)
                case .answered(let label, let record):
                    do throws(RecordError) {
                        try validator.validate(record, in: context)
                    } catch {
                        outcome.invalid.append((label, error))
                        continue loop
                    }
                    if let best = outcome.best, best.record.bytes == record.bytes {
                        agreeingSources.insert(label)
                    } else if outcome.best == nil || RecordSelection.isPreferred(record, over: outcome.best!.record) {
                        outcome.best = (record, label)
                        agreeingSources = [label]
                        await improved(record, label)
                    }
                    if outcome.best != nil && !graceStarted && agreeingSources.count >= quorum {
                        graceStarted = true
                        let grace = self.grace
                        group.addTask {
                            try? await Task.sleep(nanoseconds: UInt64(grace * 1e9))
                            if !Task.isCancelled { channel.yield(.graceOver) }
                        }
                    }
                }
                if finished.count == sources.count { break loop }
            }
            group.cancelAll()
        }
        channel.finish()
        outcome.agreeing = agreeingSources.count
        return outcome
    }

    /// Reads one source's candidate stream under its timeout, reporting into the race's channel.
    private static func consume(_ source: any RecordSource, name: Name, timeout: Double, health: SourceHealth,
                                into channel: AsyncStream<Event>.Continuation) async {
        let label = source.label
        let answered = AnsweredFlag()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    for try await record in source.candidateStream(for: name) {
                        answered.set()
                        channel.yield(.answered(label, record))
                    }
                    if !Task.isCancelled {
                        health.succeeded(label)
                        channel.yield(.done(label))
                    }
                } catch is CancellationError {
                } catch {
                    if !Task.isCancelled {
                        health.failed(label, now: MonotonicClock.now())
                        channel.yield(.failed(label, "\(error)"))
                    }
                }
            }
            group.addTask {
                try? await Task.sleep(nanoseconds: UInt64(max(0, timeout) * 1e9))
                guard !Task.isCancelled else { return }
                if answered.isSet {
                    // It answered and was still looking for better: a success cut short, not a failure.
                    health.succeeded(label)
                    channel.yield(.done(label))
                } else {
                    health.failed(label, now: MonotonicClock.now())
                    channel.yield(.failed(label, "no answer within \(timeout) s"))
                }
            }
            await group.next()
            group.cancelAll()
        }
    }
}

/// Set once a source has yielded a record.
private final class AnsweredFlag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
