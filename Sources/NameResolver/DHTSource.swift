import NameDHT
import NameKeys
import NameRecord

/// The Mainline DHT (BEP 44) as a record source and a publish transport.
public struct DHTSource: RecordSource, PublishTransport {
    /// The running node.
    public let node: DHTNode
    /// Completes when the node has bootstrapped (lookups wait for it; other sources do not).
    public let ready: Task<Void, Never>?

    /// Wraps a started node; `ready` is its bootstrap, if still running.
    public init(node: DHTNode, ready: Task<Void, Never>? = nil) {
        self.node = node
        self.ready = ready
    }

    public var label: String { "dht" }

    public func candidates(for name: Name) async throws -> [Record] {
        await waitUntilReady()
        try Task.checkCancellation()
        do {
            return [try await node.resolve(name: name)]
        } catch where error.code == .notFound {
            return []
        }
    }

    /// Streams each strictly better valid record as the lookup hears of it, so the resolver can
    /// answer on the first valid one and still take an upgrade within its grace window.
    public func candidateStream(for name: Name) -> AsyncThrowingStream<Record, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                await waitUntilReady()
                do {
                    for try await record in node.resolveStream(name: name) { continuation.yield(record) }
                    continuation.finish()
                } catch let error as DHTError where error.code == .notFound {
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    public func publish(_ record: Record, key: any SigningKey) async throws {
        await waitUntilReady()
        try Task.checkCancellation()
        _ = try await node.publish(record: record, key: key)
    }

    /// Waits for the bootstrap; a cancelled caller cancels it (the node is single-use in the CLI).
    private func waitUntilReady() async {
        guard let ready else { return }
        await withTaskCancellationHandler { await ready.value } onCancel: { ready.cancel() }
    }
}
