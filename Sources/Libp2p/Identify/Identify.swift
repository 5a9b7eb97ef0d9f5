/// The identify protocol: the listener of an `/ipfs/id/1.0.0` stream writes one length-prefixed
/// `IdentifyMessage` and closes; the dialer reads it.
public enum Identify {
    /// The protocol id.
    public static let protocolID = "/ipfs/id/1.0.0"
    /// The push variant (the sender pushes an update); namectl reads and ignores it.
    public static let pushProtocolID = "/ipfs/id/push/1.0.0"
    /// Largest identify message read (signed peer records make them a few KiB).
    public static let maxMessageLength = 64 * 1024

    /// Answers an identify request on `stream`.
    public static func respond(on stream: some ByteStream, with message: IdentifyMessage) async throws {
        try await stream.writeLengthPrefixed(message.bytes)
        await stream.close()
    }

    /// Reads the peer's identify message from a stream opened with `protocolID`.
    public static func read(from stream: some ByteStream) async throws -> IdentifyMessage {
        try IdentifyMessage(bytes: try await stream.readLengthPrefixed(maxLength: maxMessageLength))
    }
}
