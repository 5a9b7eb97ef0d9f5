import NameRecord

/// Errors of resolution, with stable codes.
public struct ResolveError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Stable failure codes.
    public enum Code: String, Sendable {
        /// No source has a record for the name.
        case notFound = "not_found"
        /// The input is not a name, `/ipns/…` or `/ipfs/…` path.
        case invalidPath = "invalid_path"
        /// The best record has expired.
        case expired = "expired"
        /// A candidate record failed validation (see `recordError`).
        case validationFailed = "validation_failed"
        /// More than the recursion limit of `/ipns/` hops.
        case depthExceeded = "depth_exceeded"
        /// A name or domain points back at itself.
        case loop = "loop"
        /// The name form needs a source that is not configured (e.g. a DNS name without DNS).
        case unsupported = "unsupported"
        /// Local state could not be read or written.
        case storeFailure = "store_failure"
        /// A source failed (network, timeout).
        case sourceFailure = "source_failure"
        /// A private name's valid record does not decrypt with the address given.
        case decryptionFailed = "decryption_failed"
    }

    /// What went wrong, stable across releases.
    public let code: Code
    /// A human explanation.
    public let reason: String
    /// The record validation failure behind `validationFailed` / `expired`.
    public let recordError: RecordError?

    /// Makes an error.
    public init(_ code: Code, _ reason: String, recordError: RecordError? = nil) {
        self.code = code
        self.reason = reason
        self.recordError = recordError
    }

    public var description: String { reason }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
