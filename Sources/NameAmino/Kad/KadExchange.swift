import Libp2p

/// One kad request and its answer on a stream: uvarint-length-prefixed protobuf messages.
enum KadExchange {
    /// Sends `request` and reads the answer.
    /// - Throws: `AminoError` for malformed, oversized or mismatched answers; `Libp2pError` for
    ///   stream failures (a reset is how a server refuses a PUT).
    static func send(_ request: KadMessage, on stream: some ByteStream) async throws -> KadMessage {
        try await stream.writeLengthPrefixed(request.bytes)
        let body: [UInt8]
        do {
            body = try await stream.readLengthPrefixed(maxLength: KadMessage.maxLength)
        } catch let error as Libp2pError where error.code == .limitExceeded {
            throw AminoError(.messageTooLarge, error.reason)
        }
        let answer = try KadMessage(bytes: body)
        guard answer.type == request.type else {
            throw AminoError(.unexpectedResponse, "asked \(request.type), got \(answer.type)")
        }
        guard answer.key == request.key || request.type == .findNode else {
            throw AminoError(.unexpectedResponse, "answer is for another key")
        }
        return answer
    }
}
