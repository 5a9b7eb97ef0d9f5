import Sodium

/// Write tokens (BEP 5/44): a `put` must carry a token this node handed to the same IP in a recent
/// `get`. Token = first 8 bytes of SHA-1(secret ‖ IP); the secret rotates every `rotation`, and tokens
/// from the current or the previous secret are accepted.
struct TokenIssuer: Sendable {
    private var current: [UInt8]
    private var previous: [UInt8]
    private var rotated: ContinuousClock.Instant
    let rotation: Duration

    init(rotation: Duration = .seconds(300), now: ContinuousClock.Instant) {
        current = Sodium.randomBytes(16)
        previous = Sodium.randomBytes(16)
        rotated = now
        self.rotation = rotation
    }

    private mutating func rotateIfDue(now: ContinuousClock.Instant) {
        guard now - rotated >= rotation else { return }
        previous = current
        current = Sodium.randomBytes(16)
        rotated = now
    }

    mutating func token(for endpoint: DHTEndpoint, now: ContinuousClock.Instant) -> [UInt8] {
        rotateIfDue(now: now)
        return Array(SHA1.hash(current + endpoint.address).prefix(8))
    }

    mutating func isValid(_ token: [UInt8], from endpoint: DHTEndpoint, now: ContinuousClock.Instant) -> Bool {
        rotateIfDue(now: now)
        return Sodium.constantTimeEqual(token, Array(SHA1.hash(current + endpoint.address).prefix(8)))
            || Sodium.constantTimeEqual(token, Array(SHA1.hash(previous + endpoint.address).prefix(8)))
    }
}
