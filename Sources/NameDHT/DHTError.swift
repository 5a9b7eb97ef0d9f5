/// The one error type of NameDHT: a stable `code` (snake_case, for JSON output and logs) and a
/// human `reason`. Equality compares `code` only, so tests can assert exact failures.
public struct DHTError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Stable failure codes.
    public enum Code: String, Sendable, CaseIterable {
        /// Bytes are not strict, canonical bencode (trailing data, `i-0e`, unsorted keys, …).
        case malformedBencode = "malformed_bencode"
        /// Well-formed bencode that is not a valid KRPC message (missing `t`, wrong field types, …).
        case malformedMessage = "malformed_message"
        /// A BEP 44 value bencodes to more than 1000 bytes.
        case valueTooLarge = "value_too_large"
        /// A BEP 44 salt is longer than 64 bytes.
        case saltTooLarge = "salt_too_large"
        /// A sequence number does not fit BEP 44's signed 64-bit integer.
        case sequenceOutOfRange = "sequence_out_of_range"
        /// A BEP 44 signature does not verify, or the key is not 32 bytes.
        case invalidSignature = "invalid_signature"
        /// The item verifies but the IPNS record inside is not valid for the name.
        case invalidRecord = "invalid_record"
        /// The IPNS record's sequence differs from the item's `seq`.
        case sequenceMismatch = "sequence_mismatch"
        /// The name does not embed an Ed25519 key, so it has no BEP 44 address.
        case unsupportedName = "unsupported_name"
        /// A remote node did not answer in time.
        case timeout = "timeout"
        /// The routing table is empty: bootstrap first.
        case noNodes = "no_nodes"
        /// No responder held a valid item for the target.
        case notFound = "not_found"
        /// No node accepted the put.
        case putFailed = "put_failed"
        /// A remote node answered with a KRPC error.
        case remoteError = "remote_error"
        /// A UDP socket operation failed.
        case socketError = "socket_error"
        /// A `host:port` (or `host:port/id`) endpoint could not be parsed or resolved.
        case invalidEndpoint = "invalid_endpoint"
        /// The node has not been started, or has been stopped.
        case notRunning = "not_running"
        /// A file the DHT keeps (the follow list) could not be read or written.
        case storageError = "storage_error"
    }

    /// What went wrong, stable across releases.
    public let code: Code
    /// A human explanation.
    public let reason: String

    /// For `remoteError`: the KRPC error code the remote node sent (e.g. 302 for a stale sequence).
    public let remoteCode: Int64?

    /// Makes an error with a code and a reason.
    public init(_ code: Code, _ reason: String, remoteCode: Int64? = nil) {
        self.code = code
        self.reason = reason
        self.remoteCode = remoteCode
    }

    public var description: String { "\(code.rawValue): \(reason)" }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
