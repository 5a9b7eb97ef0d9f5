import NameKeys
import NameRecord
import Synchronization

/// Asks every source concurrently, each under its own timeout (never past the resolution's
/// deadline), validates every candidate and keeps the best. Returns when the first valid answer has
/// had a short grace window for a better one (or `quorum` sources agree), as soon as every source
/// is done, or at the deadline; the rest are cancelled. Sources are told apart by identity, so two
/// servers of one kind are two answers.
struct SourceRace: Sendable {
    let sources: [any RecordSource]
    let perSourceTimeout: Double
    let grace: Double
    let deadline: ResolutionDeadline
    let quorum: Int
    let health: SourceHealth
    let verdicts: VerdictMemo
    let budget: ByteBudget

    private enum Event: Sendable {
        case answered(EndpointIdentity, [UInt8])
        case done(EndpointIdentity)
        case failed(EndpointIdentity, String)
        case graceOver
        case deadline
    }

    /// Runs the race. `improved` is called with each strictly better record as it arrives.
    func run(name: Name, context: ValidationContext, improved: @Sendable (VerifiedRecord, EndpointIdentity) async -> Void) async -> RaceOutcome {
        var outcome = RaceOutcome()
        guard !sources.isEmpty else { return outcome }
        var agreeingSources = Set<EndpointIdentity>()
        let perSource = min(perSourceTimeout, deadline.remaining)
        let health = self.health
        let (events, channel) = AsyncStream<Event>.makeStream()
        await withTaskGroup(of: Void.self) { group in
            for source in sources {
                group.addTask { await SourceRace.consume(source, name: name, timeout: perSource, health: health, into: channel) }
            }
            let left = deadline.remaining
            group.addTask {
                try? await Task.sleep(nanoseconds: ResolutionDeadline.nanoseconds(left))
                if !Task.isCancelled { channel.yield(.deadline) }
            }
            var finished = Set<EndpointIdentity>()
            var graceStarted = false
            loop: for await event in events {
                switch event {
                case .deadline:
                    outcome.deadlineReached = true
                    break loop
                case .graceOver:
                    if agreeingSources.count >= quorum { break loop }
                case .failed(let source, let reason):
                    if finished.insert(source).inserted { outcome.failed.append((source, reason)) }
                case .done(let source):
                    finished.insert(source)
                case .answered(let source, let bytes):
                    guard budget.take(bytes.count) else {
                        outcome.failed.append((source, SourceRace.budgetSpent(bytes.count)))
                        continue loop
                    }
                    let verified: VerifiedRecord
                    do throws(RecordError) {
                        verified = try verdicts.validate(bytes: bytes, in: context)
                    } catch {
                        outcome.invalid.append((source, error))
                        continue loop
                    }
                    if let best = outcome.best, best.record.bytes == verified.bytes {
                        agreeingSources.insert(source)
                    } else if outcome.best == nil || RecordSelection.isPreferred(verified.record, over: outcome.best!.record.record) {
                        outcome.best = (verified, source)
                        agreeingSources = [source]
                        await improved(verified, source)
                    }
                    if outcome.best != nil && !graceStarted && agreeingSources.count >= quorum {
                        graceStarted = true
                        let grace = self.grace
                        group.addTask {
                            try? await Task.sleep(nanoseconds: ResolutionDeadline.nanoseconds(grace))
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

    /// Why a candidate of `count` bytes was dropped when the resolution's byte budget is spent.
    static func budgetSpent(_ count: Int) -> String {
        "candidate of \(count) bytes dropped: the resolution's byte budget is spent"
    }

    /// Reads one source's candidate stream under its timeout, reporting into the race's channel.
    private static func consume(_ source: any RecordSource, name: Name, timeout: Double, health: SourceHealth,
                                into channel: AsyncStream<Event>.Continuation) async {
        let identity = source.identity
        let answered = AnsweredFlag()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    for try await bytes in source.candidateStream(for: name) {
                        answered.set()
                        channel.yield(.answered(identity, bytes))
                    }
                    if !Task.isCancelled {
                        health.succeeded(identity)
                        channel.yield(.done(identity))
                    }
                } catch is CancellationError {
                } catch {
                    if !Task.isCancelled {
                        health.failed(identity, now: MonotonicClock.now())
                        channel.yield(.failed(identity, "\(error)"))
                    }
                }
            }
            group.addTask {
                try? await Task.sleep(nanoseconds: ResolutionDeadline.nanoseconds(timeout))
                guard !Task.isCancelled else { return }
                if answered.isSet {
                    // It answered and was still looking for better: a success cut short, not a failure.
                    health.succeeded(identity)
                    channel.yield(.done(identity))
                } else {
                    health.failed(identity, now: MonotonicClock.now())
                    channel.yield(.failed(identity, "no answer within \(ResolutionDeadline.format(timeout))"))
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
