import NameKeys
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
        case answered(String, [Record])
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
        await withTaskGroup(of: Event.self) { group in
            for source in sources {
                group.addTask {
                    let result = await SourceRace.ask(source, name: name, timeout: perSource)
                    switch result {
                    case .success(let records):
                        health.succeeded(source.label)
                        return .answered(source.label, records)
                    case .failure(let reason):
                        health.failed(source.label, now: MonotonicClock.now())
                        return .failed(source.label, reason.description)
                    }
                }
            }
            let deadline = self.deadline
            group.addTask {
                try? await Task.sleep(nanoseconds: UInt64(max(0, deadline) * 1e9))
                return .deadline
            }
            var pending = sources.count
            var graceStarted = false
            loop: while pending > 0, let event = await group.next() {
                switch event {
                case .deadline:
                    outcome.failed.append(("deadline", "resolution deadline of \(deadline) s reached"))
                    break loop
                case .graceOver:
                    if agreeingSources.count >= quorum { break loop }
                case .failed(let label, let reason):
                    pending -= 1
                    outcome.failed.append((label, reason))
                case .answered(let label, let records):
                    pending -= 1
                    for record in records {
                        do throws(RecordError) {
                            try validator.validate(record, in: context)
                        } catch {
                            outcome.invalid.append((label, error))
                            continue
                        }
                        if let best = outcome.best, best.record.bytes == record.bytes {
                            agreeingSources.insert(label)
                        } else if outcome.best == nil || RecordSelection.isPreferred(record, over: outcome.best!.record) {
                            outcome.best = (record, label)
                            agreeingSources = [label]
                            await improved(record, label)
                        }
                    }
                    if outcome.best != nil && !graceStarted && agreeingSources.count >= quorum {
                        graceStarted = true
                        let grace = self.grace
                        group.addTask {
                            try? await Task.sleep(nanoseconds: UInt64(grace * 1e9))
                            return .graceOver
                        }
                    }
                }
            }
            group.cancelAll()
        }
        outcome.agreeing = agreeingSources.count
        return outcome
    }

    private enum AskError: Error, CustomStringConvertible {
        case timeout(Double)
        case failed(String)
        var description: String {
            switch self {
            case .timeout(let t): "no answer within \(t) s"
            case .failed(let s): s
            }
        }
    }

    /// One source under a timeout. Sources must honour cancellation (see `RecordSource`).
    private static func ask(_ source: any RecordSource, name: Name, timeout: Double) async -> Result<[Record], AskError> {
        await withTaskGroup(of: Result<[Record], AskError>?.self) { group in
            group.addTask {
                do { return .success(try await source.candidates(for: name)) } catch is CancellationError {
                    return nil
                } catch {
                    return .failure(.failed("\(error)"))
                }
            }
            group.addTask {
                try? await Task.sleep(nanoseconds: UInt64(max(0, timeout) * 1e9))
                return Task.isCancelled ? nil : .failure(.timeout(timeout))
            }
            defer { group.cancelAll() }
            while let r = await group.next() {
                if let r { return r }
            }
            return .failure(.timeout(timeout))
        }
    }
}
