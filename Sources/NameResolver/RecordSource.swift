import NameKeys
import NameRecord

/// A place candidate records for a name come from (local store, DNS, DHT, delegated HTTP…).
/// Sources only fetch; the resolver validates every candidate. Implementations must honour task
/// cancellation (the resolver cancels sources it no longer needs).
public protocol RecordSource: Sendable {
    /// A short label for results and logs (`local`, `dns`, `dht`, `http`).
    var label: String { get }
    /// Candidate records for `name` (possibly invalid, possibly none).
    func candidates(for name: Name) async throws -> [Record]
    /// Candidates as they arrive, for sources that learn of better records over time (a DHT lookup
    /// hears from many nodes). The default yields `candidates(for:)` once.
    func candidateStream(for name: Name) -> AsyncThrowingStream<Record, any Error>
}

extension RecordSource {
    public func candidateStream(for name: Name) -> AsyncThrowingStream<Record, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for record in try await candidates(for: name) { continuation.yield(record) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
