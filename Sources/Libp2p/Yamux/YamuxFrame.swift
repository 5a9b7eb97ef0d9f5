/// A yamux frame header (hashicorp/yamux spec): `version(0) ‖ type ‖ flags(u16) ‖ stream id(u32) ‖
/// length(u32)`, big-endian, 12 bytes. For data frames `length` bytes of payload follow; for window
/// updates it is the window delta, for pings the opaque value, for go-away the error code.
public struct YamuxFrame: Equatable, Sendable {
    /// Header length in bytes.
    public static let headerLength = 12

    /// The frame type.
    public enum FrameType: UInt8, Sendable {
        /// Stream data.
        case data = 0
        /// Grants the sender more window (and carries SYN/ACK/FIN/RST like data).
        case windowUpdate = 1
        /// Liveness check on stream 0.
        case ping = 2
        /// Session termination on stream 0.
        case goAway = 3
    }

    /// Frame flags.
    public struct Flags: OptionSet, Sendable, Hashable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        /// Opens a stream (or starts a ping).
        public static let syn = Flags(rawValue: 1)
        /// Acknowledges a stream open (or answers a ping).
        public static let ack = Flags(rawValue: 2)
        /// Half-closes the sender's side.
        public static let fin = Flags(rawValue: 4)
        /// Resets the stream.
        public static let rst = Flags(rawValue: 8)
    }

    /// Go-away codes.
    public enum GoAwayCode: UInt32, Sendable {
        /// Normal termination.
        case normal = 0
        /// The peer broke the protocol.
        case protocolError = 1
        /// An internal error.
        case internalError = 2
    }

    /// The frame type.
    public var type: FrameType
    /// The flags.
    public var flags: Flags
    /// The stream (0 for session frames).
    public var streamID: UInt32
    /// Payload length, window delta, ping value or go-away code, depending on `type`.
    public var length: UInt32

    /// A header from its fields.
    public init(type: FrameType, flags: Flags = [], streamID: UInt32, length: UInt32) {
        self.type = type
        self.flags = flags
        self.streamID = streamID
        self.length = length
    }

    /// The 12 header bytes.
    public var bytes: [UInt8] {
        [0, type.rawValue, UInt8(flags.rawValue >> 8), UInt8(flags.rawValue & 0xff)]
            + [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: streamID >> $0) }
            + [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: length >> $0) }
    }

    /// Decodes a 12-byte header.
    /// - Throws: `.yamuxProtocol` for a wrong length, a version other than 0, an unknown type or flag bits.
    public init(header bytes: [UInt8]) throws(Libp2pError) {
        guard bytes.count == Self.headerLength else { throw Libp2pError(.yamuxProtocol, "header is \(bytes.count) bytes, not 12") }
        guard bytes[0] == 0 else { throw Libp2pError(.yamuxProtocol, "unsupported yamux version \(bytes[0])") }
        guard let type = FrameType(rawValue: bytes[1]) else { throw Libp2pError(.yamuxProtocol, "unknown frame type \(bytes[1])") }
        let flags = Flags(rawValue: UInt16(bytes[2]) << 8 | UInt16(bytes[3]))
        guard flags.rawValue & ~0x0f == 0 else { throw Libp2pError(.yamuxProtocol, "unknown flags 0x\(String(flags.rawValue, radix: 16))") }
        func u32(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 << 8 | UInt32(bytes[at + $1]) } }
        self.init(type: type, flags: flags, streamID: u32(4), length: u32(8))
        if (type == .ping || type == .goAway) && streamID != 0 {
            throw Libp2pError(.yamuxProtocol, "\(type) frame on stream \(streamID)")
        }
        if (type == .data || type == .windowUpdate) && streamID == 0 {
            throw Libp2pError(.yamuxProtocol, "\(type) frame on stream 0")
        }
    }
}
