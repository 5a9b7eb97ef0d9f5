/// The one error type of the Libp2p module: a stable `code` (snake_case, for logs and JSON) and a
/// human `reason`. Equality compares `code` only, so tests can assert exact failures.
public struct Libp2pError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Stable failure codes.
    public enum Code: String, Sendable, CaseIterable {
        /// A multiaddr (binary or text) is malformed or uses a protocol namectl does not know.
        case invalidMultiaddr = "invalid_multiaddr"
        /// A peer ID or libp2p public key is malformed.
        case invalidPeerID = "invalid_peer_id"
        /// The remote's key type cannot be verified here (only Ed25519 can).
        case unsupportedKeyType = "unsupported_key_type"
        /// A multistream-select exchange broke the protocol (bad header, oversized message, …).
        case multistreamProtocol = "multistream_protocol"
        /// The remote does not support any of the protocols offered (`na`).
        case protocolNotSupported = "protocol_not_supported"
        /// The Noise handshake failed (bad message, failed decryption, bad payload, bad signature).
        case noiseHandshake = "noise_handshake"
        /// A Noise transport message failed to decrypt or the nonce space ran out.
        case noiseTransport = "noise_transport"
        /// The remote proved a different peer ID than the one dialled.
        case peerIDMismatch = "peer_id_mismatch"
        /// The yamux peer broke the protocol (bad version, window overrun, unknown type, …).
        case yamuxProtocol = "yamux_protocol"
        /// A yamux stream was reset by either side.
        case streamReset = "stream_reset"
        /// Too many streams, or a buffer or message above its limit.
        case limitExceeded = "limit_exceeded"
        /// The session is going away or closed: no new streams.
        case sessionClosed = "session_closed"
        /// The other side closed the connection or stream before the expected bytes arrived.
        case closed = "closed"
        /// A step did not finish before its deadline.
        case timeout = "timeout"
        /// The task was cancelled.
        case cancelled = "cancelled"
        /// A socket could not be opened, bound or written.
        case transport = "transport"
        /// A length-prefixed message or protobuf is malformed.
        case malformedMessage = "malformed_message"
        /// Two reads were attempted on the same stream at once (a programming error in the caller).
        case concurrentRead = "concurrent_read"
    }

    /// What went wrong, stable across releases.
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

    /// `error` as a `Libp2pError`: cancellation becomes `.cancelled`, anything else `.transport`.
    public static func wrap(_ error: any Error, _ context: String) -> Libp2pError {
        if let error = error as? Libp2pError { return error }
        if error is CancellationError { return Libp2pError(.cancelled, "\(context): cancelled") }
        return Libp2pError(.transport, "\(context): \(error)")
    }
}
