/// Limits of a yamux session.
public struct YamuxConfiguration: Sendable {
    /// The spec's initial per-stream receive window.
    public static let initialWindow: UInt32 = 256 * 1024

    /// Most streams open at once (both directions); further inbound SYNs are reset, local opens fail.
    public var maxStreams: Int
    /// Most data bytes in one frame sent (one frame plus its header fits one Noise message).
    public var maxDataFrame: Int
    /// How long a ping may take.
    public var pingTimeout: Duration

    /// Defaults: 128 streams (at most 128 × 256 KiB buffered), 65 507-byte frames, 10 s pings.
    public init(maxStreams: Int = 128, maxDataFrame: Int = SecureChannel.maxPlaintext - YamuxFrame.headerLength,
                pingTimeout: Duration = .seconds(10)) {
        self.maxStreams = maxStreams
        self.maxDataFrame = maxDataFrame
        self.pingTimeout = pingTimeout
    }
}
