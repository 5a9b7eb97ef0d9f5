/// The one error type of NameAmino: a stable `code` (snake_case) and a human `reason`.
/// Equality compares `code` only.
public struct AminoError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Stable failure codes.
    public enum Code: String, Sendable, CaseIterable {
        /// A kad message is not valid protobuf or lacks a required field.
        case malformedMessage = "malformed_message"
        /// A kad message is longer than the limit.
        case messageTooLarge = "message_too_large"
        /// The peer answered with a message of the wrong type or key.
        case unexpectedResponse = "unexpected_response"
        /// The peer refused a PUT (reset the stream instead of echoing).
        case putRefused = "put_refused"
        /// No peer to ask: bootstrap failed or no bootstrap peers were given.
        case noPeers = "no_peers"
        /// No peer held a valid record.
        case notFound = "not_found"
        /// No peer stored the record.
        case putFailed = "put_failed"
        /// A bootstrap address is not a dialable `/…/tcp/…/p2p/<id>` multiaddr.
        case invalidBootstrap = "invalid_bootstrap"
        /// The peer identity key file in the home is unreadable or malformed.
        case identityKey = "identity_key"
        /// A request to one peer failed (connection, handshake, timeout, reset).
        case peerFailed = "peer_failed"
    }

    /// What went wrong.
    public let code: Code
    /// A human explanation.
    public let reason: String

    /// Makes an error with a code and a reason.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code.rawValue): \(reason)" }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
