import NameCore

/// The one error type of NameAmino: a stable `code` (snake_case, for logs and JSON) and a human
/// `reason`. Equality compares `code` only, so tests can assert exact failures.
public typealias AminoError = CodedError<AminoErrorCode>

/// The stable failure codes of `AminoError`.
public struct AminoErrorCode: ErrorCode {
    /// The stable string.
    public let rawValue: String
    /// Makes a code from its stable string.
    public init(rawValue: String) { self.rawValue = rawValue }
}

extension AminoErrorCode {
    /// A kad message is not valid protobuf or lacks a required field.
    public static let malformedMessage: Self = "malformed_message"

    /// A kad message is longer than the limit.
    public static let messageTooLarge: Self = "message_too_large"

    /// The peer answered with a message of the wrong type or key.
    public static let unexpectedResponse: Self = "unexpected_response"

    /// The peer refused a PUT (reset the stream instead of echoing).
    public static let putRefused: Self = "put_refused"

    /// No peer to ask: bootstrap failed or no bootstrap peers were given.
    public static let noPeers: Self = "no_peers"

    /// No peer held a valid record.
    public static let notFound: Self = "not_found"

    /// No peer stored the record.
    public static let putFailed: Self = "put_failed"

    /// A bootstrap address is not a dialable `/…/tcp/…/p2p/<id>` multiaddr.
    public static let invalidBootstrap: Self = "invalid_bootstrap"

    /// The peer identity key file in the home is unreadable or malformed.
    public static let identityKey: Self = "identity_key"

    /// A request to one peer failed (connection, handshake, timeout, reset).
    public static let peerFailed: Self = "peer_failed"
}
