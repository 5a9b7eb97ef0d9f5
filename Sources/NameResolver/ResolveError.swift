import NameRecord

import NameCore

/// Errors of resolution, with stable codes.
public typealias ResolveError = CodedError<ResolveErrorCode>

/// The stable failure codes of `ResolveError`.
public struct ResolveErrorCode: ErrorCode {
    /// The stable string.
    public let rawValue: String
    /// Makes a code from its stable string.
    public init(rawValue: String) { self.rawValue = rawValue }
}

extension ResolveErrorCode {
    /// No source has a record for the name.
    public static let notFound: Self = "not_found"

    /// The input is not a name, `/ipns/…` or `/ipfs/…` path.
    public static let invalidPath: Self = "invalid_path"

    /// The best record has expired.
    public static let expired: Self = "expired"

    /// A candidate record failed validation (see `recordError`).
    public static let validationFailed: Self = "validation_failed"

    /// More than the recursion limit of `/ipns/` hops.
    public static let depthExceeded: Self = "depth_exceeded"

    /// A name or domain points back at itself.
    public static let loop: Self = "loop"

    /// The name form needs a source that is not configured (e.g. a DNS name without DNS).
    public static let unsupported: Self = "unsupported"

    /// Local state could not be read or written.
    public static let storeFailure: Self = "store_failure"

    /// A source failed (network, timeout).
    public static let sourceFailure: Self = "source_failure"

    /// The resolution's deadline (`--timeout`) passed before it finished.
    public static let deadlineExceeded: Self = "deadline_exceeded"

    /// A private name's valid record does not decrypt with the address given.
    public static let decryptionFailed: Self = "decryption_failed"
}
