/// Runs `body`, cancelling it and throwing `Libp2pError(.timeout)` when it has not finished after
/// `limit`. Every network step of the Libp2p stack runs under one of these.
///
/// `body` must honour cancellation (all reads and writes in this module do).
public func withDeadline<T: Sendable>(
    _ limit: Duration, _ what: String, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: DeadlineOutcome<T>.self) { group in
        group.addTask { .finished(try await body()) }
        group.addTask {
            try? await Task.sleep(for: limit)
            return .expired
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw Libp2pError(.cancelled, "\(what): cancelled") }
        switch first {
        case .finished(let value): return value
        case .expired:
            if Task.isCancelled { throw Libp2pError(.cancelled, "\(what): cancelled") }
            throw Libp2pError(.timeout, "\(what) took longer than \(limit)")
        }
    }
}

/// Which side of a `withDeadline` race finished first.
enum DeadlineOutcome<T: Sendable>: Sendable {
    case finished(T)
    case expired
}
