import Synchronization

/// A value delivered once to one waiter; later deliveries are ignored.
final class OneShot<T: Sendable>: Sendable {
    private enum State {
        case empty
        case waiting(CheckedContinuation<T, Never>)
        case done(T)
    }
    private let state = Mutex<State>(.empty)

    func resume(with value: T) {
        let waiter: CheckedContinuation<T, Never>? = state.withLock { s in
            switch s {
            case .empty:
                s = .done(value)
                return nil
            case .waiting(let c):
                s = .done(value)
                return c
            case .done:
                return nil
            }
        }
        waiter?.resume(returning: value)
    }

    func wait() async -> T {
        await withCheckedContinuation { (c: CheckedContinuation<T, Never>) in
            let ready: T? = state.withLock { s in
                switch s {
                case .empty:
                    s = .waiting(c)
                    return nil
                case .done(let v):
                    return v
                case .waiting:
                    preconditionFailure("OneShot has one waiter")
                }
            }
            if let ready { c.resume(returning: ready) }
        }
    }
}
