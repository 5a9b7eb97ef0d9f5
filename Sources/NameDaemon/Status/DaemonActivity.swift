import NameRecord
import Synchronization

/// What recently happened to each name, for the status page: where its record was last found or
/// stored from, where it was last published, when it was last re-signed; and the latest validation
/// failures. Bounded: at most `maxNames` names and `maxFailures` failures are remembered.
final class DaemonActivity: Sendable {
    /// One name's latest events.
    struct NameEvents: Sendable, Equatable {
        var foundVia: String?
        var foundAt: Timestamp?
        var publishedTo: String?
        var publishedAt: Timestamp?
        var republishedAt: Timestamp?
    }

    /// A record refused.
    struct Failure: Sendable, Equatable {
        let at: Timestamp
        let name: String
        let reason: String
        let source: String
    }

    private struct State {
        var names: [String: NameEvents] = [:]
        var failures: [Failure] = []
        var failureCounts: [String: Int] = [:]
    }

    let maxNames: Int
    let maxFailures: Int
    private let state = Mutex(State())

    init(maxNames: Int, maxFailures: Int = 50) {
        self.maxNames = maxNames
        self.maxFailures = maxFailures
    }

    /// A valid record for `name` came from `source` (`http PUT`, `dht`, `local`…).
    func found(_ name: String, via source: String, at now: Timestamp = .now()) {
        update(name) { $0.foundVia = source; $0.foundAt = now }
    }

    /// A record for `name` was sent out to `destination` (e.g. `dht`).
    func published(_ name: String, to destination: String, at now: Timestamp = .now()) {
        update(name) { $0.publishedTo = destination; $0.publishedAt = now }
    }

    /// An owned name was re-signed by the republisher.
    func republished(_ name: String, at now: Timestamp = .now()) {
        update(name) { $0.republishedAt = now }
    }

    /// A record for `name` from `source` was refused for `reason` (a stable error code).
    func failure(_ name: String, reason: String, source: String, at now: Timestamp = .now()) {
        state.withLock { state in
            state.failures.append(Failure(at: now, name: name, reason: reason, source: source))
            if state.failures.count > maxFailures { state.failures.removeFirst(state.failures.count - maxFailures) }
            if state.failureCounts[reason] != nil || state.failureCounts.count < 64 { state.failureCounts[reason, default: 0] += 1 }
        }
    }

    /// One name's events.
    func events(_ name: String) -> NameEvents? { state.withLock { $0.names[name] } }

    /// The latest failures, newest first, and the count per reason since start.
    func failures() -> (recent: [Failure], byReason: [(String, Int)]) {
        state.withLock { state in
            let counts = state.failureCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
            return (Array(state.failures.reversed()), counts)
        }
    }

    private func update(_ name: String, _ change: (inout NameEvents) -> Void) {
        state.withLock { state in
            if state.names[name] == nil && state.names.count >= maxNames, let some = state.names.keys.first { state.names[some] = nil }
            change(&state.names[name, default: NameEvents()])
        }
    }
}
