import NIOCore
import Synchronization

/// A connection after the Noise handshake: every message is `uint16be(length) ‖ ChaChaPoly
/// ciphertext`, at most 65535 bytes, so at most 65519 bytes of plaintext each.
public final class SecureChannel: ByteStream, Sendable {
    /// Most plaintext bytes in one Noise transport message.
    public static let maxPlaintext = NoiseHandshake.maxMessageLength - 16

    private struct Receiver {
        var cipher: NoiseCipherState
        var plaintext: [UInt8] = []
        var start = 0
    }

    let transport: TCPConnection
    private let sender: Mutex<NoiseCipherState>
    private let receiver: Mutex<Receiver>
    /// The peer that proved its identity in the handshake.
    public let remotePeer: PeerID

    init(transport: TCPConnection, sender: NoiseCipherState, receiver: NoiseCipherState, remotePeer: PeerID) {
        self.transport = transport
        self.sender = Mutex(sender)
        self.receiver = Mutex(Receiver(cipher: receiver))
        self.remotePeer = remotePeer
    }

    /// The remote socket address.
    public var remoteDescription: String { transport.remoteDescription }

    public func write(_ bytes: [UInt8]) async throws {
        for future in try enqueue(bytes) { try await future.get() }
    }

    /// Encrypts `bytes` (split into Noise messages) and hands them to the socket at once, in call
    /// order; the futures complete when written.
    func enqueue(_ bytes: [UInt8]) throws(Libp2pError) -> [EventLoopFuture<Void>] {
        // Encrypt and enqueue under one lock so nonces and socket order agree.
        try sender.withLock { cipher throws(Libp2pError) in
            var futures: [EventLoopFuture<Void>] = []
            var offset = 0
            repeat {
                let end = min(bytes.count, offset + Self.maxPlaintext)
                futures.append(transport.enqueue(NoiseHandshake.frame(try cipher.encrypt(Array(bytes[offset..<end]), additionalData: []))))
                offset = end
            } while offset < bytes.count
            return futures
        }
    }

    /// Decrypts the next transport message into the plaintext buffer.
    private func fill() async throws {
        let length = try await transport.read(exactly: 2)
        let count = Int(length[0]) << 8 | Int(length[1])
        let ciphertext = try await transport.read(exactly: count)
        try receiver.withLock { r throws(Libp2pError) in
            let plaintext = try r.cipher.decrypt(ciphertext, additionalData: [])
            if r.start == r.plaintext.count {
                r.plaintext = plaintext
                r.start = 0
            } else {
                r.plaintext.append(contentsOf: plaintext)
            }
        }
    }

    private func take(upTo count: Int, exact: Bool) -> [UInt8]? {
        receiver.withLock { r in
            let available = r.plaintext.count - r.start
            guard available > 0, !exact || available >= count else { return nil }
            let n = min(available, count)
            let out = Array(r.plaintext[r.start..<r.start + n])
            r.start += n
            if r.start == r.plaintext.count {
                r.plaintext.removeAll(keepingCapacity: true)
                r.start = 0
            }
            return out
        }
    }

    public func read(exactly count: Int) async throws -> [UInt8] {
        if count == 0 { return [] }
        while true {
            if let out = take(upTo: count, exact: true) { return out }
            try await fill()
        }
    }

    public func readSome(maxCount: Int) async throws -> [UInt8] {
        while true {
            if let out = take(upTo: max(1, maxCount), exact: false) { return out }
            try await fill()
        }
    }

    public func close() async {
        await transport.close()
    }
}
