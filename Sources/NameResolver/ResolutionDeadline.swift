/// The one deadline of a resolution, on the monotonic clock: set once from `--timeout` (or the
/// configuration) and threaded through every hop, race and DNS lookup, so a chain of slow hops can
/// never add up past it.
public struct ResolutionDeadline: Sendable {
    /// The monotonic time (seconds, `MonotonicClock`) at which the resolution gives up.
    public let instant: Double
    /// The whole allowance it was made with, in seconds (for messages).
    public let allowance: Double

    /// A deadline `seconds` from now.
    public init(seconds: Double) {
        allowance = seconds
        instant = MonotonicClock.now() + seconds
    }

    /// Seconds left (0 when passed).
    public var remaining: Double { max(0, instant - MonotonicClock.now()) }

    /// Whether the deadline has passed.
    public var hasPassed: Bool { remaining <= 0 }

    /// The error a resolution that ran out of time ends with.
    public func exceeded(_ doing: String) -> ResolveError {
        ResolveError(.deadlineExceeded, "resolution deadline of \(ResolutionDeadline.format(allowance)) reached \(doing)")
    }

    /// Runs `body` until it finishes or the deadline passes, whichever is first. At the deadline
    /// the body's task is cancelled and this returns at once, even if the body does not notice.
    /// - Throws: `deadlineExceeded` at the deadline; the body's own `ResolveError` otherwise.
    public func run<T: Sendable>(_ doing: String, _ body: @escaping @Sendable () async throws(ResolveError) -> T) async throws(ResolveError) -> T {
        guard !hasPassed else { throw exceeded(doing) }
        let gate = OneShot<Result<T, ResolveError>>()
        let work = Task {
            do throws(ResolveError) {
                gate.resume(with: .success(try await body()))
            } catch {
                gate.resume(with: .failure(error))
            }
        }
        let timer = Task {
            try? await Task.sleep(nanoseconds: ResolutionDeadline.nanoseconds(remaining))
            gate.resume(with: .failure(exceeded(doing)))
        }
        let result = await withTaskCancellationHandler {
            await gate.wait()
        } onCancel: {
            gate.resume(with: .failure(ResolveError(.deadlineExceeded, "resolution cancelled \(doing)")))
        }
        work.cancel()
        timer.cancel()
        return try result.get()
    }

    /// Nanoseconds for `Task.sleep`, clamped to what it accepts.
    static func nanoseconds(_ seconds: Double) -> UInt64 {
        guard seconds.isFinite, seconds > 0 else { return 0 }
        return UInt64(min(seconds, 1e9) * 1e9)
    }

    /// `2 s`, `0.35 s`.
    static func format(_ seconds: Double) -> String {
        let rounded = (seconds * 100).rounded() / 100
        return rounded == rounded.rounded() ? "\(Int(rounded)) s" : "\(rounded) s"
    }
}
