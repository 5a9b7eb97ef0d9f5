import Multiformats

/// The `Record` inside a kad message: `key = 1`, `value = 2`, `timeReceived = 5` (RFC 3339 text,
/// set by the storing server).
public struct KadRecord: Equatable, Sendable {
    /// The DHT key (for IPNS: `/ipns/` ‖ binary multihash).
    public var key: [UInt8]
    /// The value (for IPNS: the serialized record).
    public var value: [UInt8]
    /// When the server received it, as the server wrote it.
    public var timeReceived: String?

    /// A record from its parts.
    public init(key: [UInt8], value: [UInt8], timeReceived: String? = nil) {
        self.key = key
        self.value = value
        self.timeReceived = timeReceived
    }

    init(bytes: [UInt8]) throws(AminoError) {
        var reader = ProtobufReader(bytes)
        var key: [UInt8] = []
        var value: [UInt8] = []
        var time: String?
        do {
            while let (field, item) = try reader.next() {
                switch (field, item) {
                case (1, .bytes(let b)): key = b
                case (2, .bytes(let b)): value = b
                case (5, .bytes(let b)): time = String(decoding: b, as: UTF8.self)
                case (1, _), (2, _), (5, _): throw AminoError(.malformedMessage, "record field \(field) has the wrong wire type")
                default: continue
                }
            }
        } catch let error as MultiformatsError {
            throw AminoError(.malformedMessage, "malformed record: \(error.reason)")
        } catch let error as AminoError {
            throw error
        } catch {
            throw AminoError(.malformedMessage, "malformed record")
        }
        self.init(key: key, value: value, timeReceived: time)
    }

    var bytes: [UInt8] {
        var writer = ProtobufWriter(capacity: key.count + value.count + 16)
        writer.writeBytes(field: 1, key)
        writer.writeBytes(field: 2, value)
        if let timeReceived { writer.writeBytes(field: 5, Array(timeReceived.utf8)) }
        return writer.bytes
    }
}
