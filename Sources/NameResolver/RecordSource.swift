import NameKeys

/// A place candidate records for a name come from (local store, DHT, delegated HTTP…).
/// Sources only fetch serialized records; the resolver decodes and validates every candidate, so a
/// source never needs to be trusted. Implementations must honour task cancellation (the resolver
/// cancels sources it no longer needs, and at its deadline).
public protocol RecordSource: Sendable {
    /// Which source this is (kind + endpoint), for the race, backoff, reports and logs.
    var identity: EndpointIdentity { get }
    /// Serialized candidate records for `name` (possibly invalid, possibly none).
    func candidates(for name: Name) async throws -> [[UInt8]]
    /// Candidates as they arrive, for sources that learn of better records over time (a DHT lookup
    /// hears from many nodes). The default yields `candidates(for:)` once.
    func candidateStream(for name: Name) -> AsyncThrowingStream<[UInt8], any Error>
}

extension RecordSource {
    /// Yields every candidate of `candidates(for:)`, then finishes.
    public func candidateStream(for name: Name) -> AsyncThrowingStream<[UInt8], any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for bytes in try await candidates(for: name) { continuation.yield(bytes) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
