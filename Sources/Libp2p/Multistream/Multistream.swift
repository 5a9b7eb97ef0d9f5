import Multiformats

/// multistream-select 1.0.0: agreeing on the protocol of a connection or stream.
///
/// Every message is `uvarint(length) ‖ protocol id ‖ "\n"`. The dialer pipelines the header with its
/// first proposal (as go-libp2p does); the listener echoes a protocol it speaks or answers `na`.
public enum Multistream {
    /// The header both sides send first.
    public static let protocolID = "/multistream/1.0.0"
    /// The answer for an unsupported protocol.
    public static let notAvailable = "na"
    /// Longest message accepted (protocol ids are short; go-multistream allows 1024).
    public static let maxMessageLength = 1024
    /// Most proposals a listener answers before giving up on a dialer.
    public static let maxProposals = 16

    /// One encoded message.
    public static func encode(_ message: String) -> [UInt8] {
        let body = Array(message.utf8) + [0x0a]
        return Varint.encode(UInt64(body.count)) + body
    }

    /// Decodes one message body (without its length): must end in `\n`, printable ASCII before it.
    public static func decode(_ body: [UInt8]) throws(Libp2pError) -> String {
        guard body.last == 0x0a else { throw Libp2pError(.multistreamProtocol, "message does not end with a newline") }
        let text = body.dropLast()
        guard text.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) else {
            throw Libp2pError(.multistreamProtocol, "message is not printable ASCII")
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Reads one message.
    public static func read(from stream: some ByteStream) async throws -> String {
        let body: [UInt8]
        do {
            body = try await stream.readLengthPrefixed(maxLength: maxMessageLength)
        } catch let error as Libp2pError where error.code == .limitExceeded || error.code == .malformedMessage {
            throw Libp2pError(.multistreamProtocol, error.reason)
        }
        return try decode(body)
    }

    /// As the dialer: proposes `protocols` in order and returns the one the listener accepted.
    /// - Throws: `.protocolNotSupported` when the listener refused them all.
    public static func select(_ protocols: [String], on stream: some ByteStream) async throws -> String {
        precondition(!protocols.isEmpty, "propose at least one protocol")
        try await stream.write(encode(protocolID) + encode(protocols[0]))
        let header = try await read(from: stream)
        guard header == protocolID else {
            throw Libp2pError(.multistreamProtocol, "expected header \(protocolID), got '\(header.prefix(64))'")
        }
        for (index, proposal) in protocols.enumerated() {
            if index > 0 { try await stream.write(encode(proposal)) }
            let answer = try await read(from: stream)
            if answer == proposal { return proposal }
            guard answer == notAvailable else {
                throw Libp2pError(.multistreamProtocol, "answer to \(proposal) was '\(answer.prefix(64))'")
            }
        }
        throw Libp2pError(.protocolNotSupported, "peer supports none of \(protocols.joined(separator: ", "))")
    }

    /// As the listener: answers proposals until one is in `supported`, and returns it.
    public static func negotiate(on stream: some ByteStream, supported: Set<String>) async throws -> String {
        try await stream.write(encode(protocolID))
        let header = try await read(from: stream)
        guard header == protocolID else {
            throw Libp2pError(.multistreamProtocol, "expected header \(protocolID), got '\(header.prefix(64))'")
        }
        for _ in 0..<maxProposals {
            let proposal = try await read(from: stream)
            if supported.contains(proposal) {
                try await stream.write(encode(proposal))
                return proposal
            }
            try await stream.write(encode(notAvailable))
        }
        throw Libp2pError(.multistreamProtocol, "more than \(maxProposals) unsupported proposals")
    }
}
