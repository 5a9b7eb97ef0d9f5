/// The one error shape of every namectl module: a stable `code` to switch on (and to print in JSON),
/// a human `reason`, and optionally what caused it. Equality compares `code` only, so tests can
/// assert the exact failure.
///
/// Modules name their instance with a typealias (`KeyError`, `RecordError`, `ResolveError`, …) over
/// their own `ErrorCode` type; see `ErrorCode`.
public struct CodedError<Code: ErrorCode>: Error, Equatable, CustomStringConvertible, Sendable {
    /// What went wrong, stable across releases.
    public let code: Code
    /// A human explanation.
    public let reason: String
    /// The error behind this one (for example the record validation failure behind a resolution
    /// failure), when there is one.
    public let cause: (any Error & Sendable)?
    /// A numeric code a remote peer sent (a DNS RCODE, a KRPC error code), when one caused this.
    public let protocolCode: Int64?

    /// Makes an error with a code, a reason and optionally its cause and a peer's numeric code.
    public init(_ code: Code, _ reason: String, cause: (any Error & Sendable)? = nil, protocolCode: Int64? = nil) {
        self.code = code
        self.reason = reason
        self.cause = cause
        self.protocolCode = protocolCode
    }

    /// The reason.
    public var description: String { reason }

    /// Errors are equal when their codes are.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
