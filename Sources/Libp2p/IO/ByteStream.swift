import Multiformats

/// A reliable, ordered, bidirectional byte stream: a TCP connection, a Noise channel, a yamux
/// stream. Reads are by one task at a time; writes may come from several tasks.
public protocol ByteStream: Sendable {
    /// Reads exactly `count` bytes. Throws `.closed` when the stream ends first.
    func read(exactly count: Int) async throws -> [UInt8]
    /// Reads between 1 and `maxCount` bytes. Throws `.closed` at the end of the stream.
    func readSome(maxCount: Int) async throws -> [UInt8]
    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8]) async throws
    /// Closes the stream for writing (yamux FIN) or altogether (TCP, Noise).
    func close() async
}

extension ByteStream {
    /// Reads an unsigned varint of at most `maxBytes` bytes (9 for multiformats lengths).
    public func readUvarint(maxBytes: Int = 9) async throws -> UInt64 {
        var bytes: [UInt8] = []
        while true {
            let byte = try await read(exactly: 1)[0]
            bytes.append(byte)
            if byte & 0x80 == 0 { break }
            guard bytes.count < maxBytes else { throw Libp2pError(.malformedMessage, "varint longer than \(maxBytes) bytes") }
        }
        var offset = 0
        do {
            return try Varint.decode(bytes, at: &offset, maxBytes: maxBytes)
        } catch {
            throw Libp2pError(.malformedMessage, "bad varint: \(error.reason)")
        }
    }

    /// Reads one `uvarint(length) ‖ bytes` message of at most `maxLength` bytes.
    /// - Throws: `.limitExceeded` for a longer declared length (before reading it).
    public func readLengthPrefixed(maxLength: Int) async throws -> [UInt8] {
        let length = try await readUvarint()
        guard length <= UInt64(maxLength) else {
            throw Libp2pError(.limitExceeded, "message of \(length) bytes exceeds the \(maxLength)-byte limit")
        }
        return try await read(exactly: Int(length))
    }

    /// Writes one `uvarint(length) ‖ bytes` message.
    public func writeLengthPrefixed(_ message: [UInt8]) async throws {
        var out = Varint.encode(UInt64(message.count))
        out.append(contentsOf: message)
        try await write(out)
    }
}
