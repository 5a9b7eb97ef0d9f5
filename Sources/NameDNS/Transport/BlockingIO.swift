import Dispatch

/// Runs blocking socket and ldns work on Dispatch's global pool, never on Swift's cooperative
/// threads, and hands the result back to the awaiting task.
enum BlockingIO {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws(DNSError) -> T) async throws(DNSError) -> T {
        let result: Result<T, DNSError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Result { () throws(DNSError) -> T in try body() })
            }
        }
        return try result.get()
    }
}
