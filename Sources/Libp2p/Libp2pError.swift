import NameCore

/// The one error type of the Libp2p module: a stable `code` (snake_case, for logs and JSON) and a
/// human `reason`. Equality compares `code` only, so tests can assert exact failures.
public typealias Libp2pError = CodedError<Libp2pErrorCode>

/// The stable failure codes of `Libp2pError`.
public struct Libp2pErrorCode: ErrorCode {
    /// The stable string.
    public let rawValue: String
    /// Makes a code from its stable string.
    public init(rawValue: String) { self.rawValue = rawValue }
}

extension Libp2pErrorCode {
    /// A multiaddr (binary or text) is malformed or uses a protocol namectl does not know.
    public static let invalidMultiaddr: Self = "invalid_multiaddr"

    /// A peer ID or libp2p public key is malformed.
    public static let invalidPeerID: Self = "invalid_peer_id"

    /// The remote's key type cannot be verified here (only Ed25519 can).
    public static let unsupportedKeyType: Self = "unsupported_key_type"

    /// A multistream-select exchange broke the protocol (bad header, oversized message, …).
    public static let multistreamProtocol: Self = "multistream_protocol"

    /// The remote does not support any of the protocols offered (`na`).
    public static let protocolNotSupported: Self = "protocol_not_supported"

    /// The Noise handshake failed (bad message, failed decryption, bad payload, bad signature).
    public static let noiseHandshake: Self = "noise_handshake"

    /// A Noise transport message failed to decrypt or the nonce space ran out.
    public static let noiseTransport: Self = "noise_transport"

    /// The remote proved a different peer ID than the one dialled.
    public static let peerIDMismatch: Self = "peer_id_mismatch"

    /// The yamux peer broke the protocol (bad version, window overrun, unknown type, …).
    public static let yamuxProtocol: Self = "yamux_protocol"

    /// A yamux stream was reset by either side.
    public static let streamReset: Self = "stream_reset"

    /// Too many streams, or a buffer or message above its limit.
    public static let limitExceeded: Self = "limit_exceeded"

    /// The session is going away or closed: no new streams.
    public static let sessionClosed: Self = "session_closed"

    /// The other side closed the connection or stream before the expected bytes arrived.
    public static let closed: Self = "closed"

    /// A step did not finish before its deadline.
    public static let timeout: Self = "timeout"

    /// The task was cancelled.
    public static let cancelled: Self = "cancelled"

    /// A socket could not be opened, bound or written.
    public static let transport: Self = "transport"

    /// A length-prefixed message or protobuf is malformed.
    public static let malformedMessage: Self = "malformed_message"

    /// Two reads were attempted on the same stream at once (a programming error in the caller).
    public static let concurrentRead: Self = "concurrent_read"
}

extension CodedError where Code == Libp2pErrorCode {
    /// `error` as a `Libp2pError`: cancellation becomes `.cancelled`, anything else `.transport`.
    public static func wrap(_ error: any Error, _ context: String) -> Libp2pError {
        if let error = error as? Libp2pError { return error }
        if error is CancellationError { return Libp2pError(.cancelled, "\(context): cancelled") }
        return Libp2pError(.transport, "\(context): \(error)", cause: error)
    }
}
