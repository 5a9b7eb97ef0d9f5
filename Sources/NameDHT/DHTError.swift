import NameCore

/// The one error type of NameDHT: a stable `code` (snake_case, for JSON output and logs) and a
/// human `reason`. Equality compares `code` only, so tests can assert exact failures.
public typealias DHTError = CodedError<DHTErrorCode>

/// The stable failure codes of `DHTError`.
public struct DHTErrorCode: ErrorCode {
    /// The stable string.
    public let rawValue: String
    /// Makes a code from its stable string.
    public init(rawValue: String) { self.rawValue = rawValue }
}

extension DHTErrorCode {
    /// A file the DHT keeps (the follow list) could not be read or written.
    public static let storageError: Self = "storage_error"

    /// Bytes are not strict, canonical bencode (trailing data, `i-0e`, unsorted keys, …).
    public static let malformedBencode: Self = "malformed_bencode"

    /// Well-formed bencode that is not a valid KRPC message (missing `t`, wrong field types, …).
    public static let malformedMessage: Self = "malformed_message"

    /// A BEP 44 value bencodes to more than 1000 bytes.
    public static let valueTooLarge: Self = "value_too_large"

    /// A BEP 44 salt is longer than 64 bytes.
    public static let saltTooLarge: Self = "salt_too_large"

    /// A sequence number does not fit BEP 44's signed 64-bit integer.
    public static let sequenceOutOfRange: Self = "sequence_out_of_range"

    /// A BEP 44 signature does not verify, or the key is not 32 bytes.
    public static let invalidSignature: Self = "invalid_signature"

    /// The item verifies but the IPNS record inside is not valid for the name.
    public static let invalidRecord: Self = "invalid_record"

    /// The IPNS record's sequence differs from the item's `seq`.
    public static let sequenceMismatch: Self = "sequence_mismatch"

    /// The name does not embed an Ed25519 key, so it has no BEP 44 address.
    public static let unsupportedName: Self = "unsupported_name"

    /// A remote node did not answer in time.
    public static let timeout: Self = "timeout"

    /// The routing table is empty: bootstrap first.
    public static let noNodes: Self = "no_nodes"

    /// No responder held a valid item for the target.
    public static let notFound: Self = "not_found"

    /// No node accepted the put.
    public static let putFailed: Self = "put_failed"

    /// A remote node answered with a KRPC error.
    public static let remoteError: Self = "remote_error"

    /// A UDP socket operation failed.
    public static let socketError: Self = "socket_error"

    /// A `host:port` (or `host:port/id`) endpoint could not be parsed or resolved.
    public static let invalidEndpoint: Self = "invalid_endpoint"

    /// The node has not been started, or has been stopped.
    public static let notRunning: Self = "not_running"
}

extension CodedError where Code == DHTErrorCode {
    /// Makes a `remoteError` carrying the KRPC error code the remote node sent.
    public init(_ code: Code, _ reason: String, remoteCode: Int64?) {
        self.init(code, reason, protocolCode: remoteCode)
    }

    /// For `remoteError`: the KRPC error code the remote node sent (e.g. 302 for a stale sequence).
    public var remoteCode: Int64? { protocolCode }
}
