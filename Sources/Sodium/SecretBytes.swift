import CSodium

/// Secret key material in memory that is wiped with `sodium_memzero` when the last reference goes.
///
/// The bytes are written once, inside the initialiser's closure, and only read afterwards;
/// that immutability is what makes the type safe to share across tasks.
public final class SecretBytes: @unchecked Sendable {
    private let buffer: UnsafeMutableRawBufferPointer

    /// Number of secret bytes held.
    public let count: Int

    /// Allocates `count` zeroed bytes and lets `fill` write the secret once.
    public init(count: Int, fill: (UnsafeMutableBufferPointer<UInt8>) throws -> Void) rethrows {
        self.count = count
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
        let slice = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count])
        slice.initializeMemory(as: UInt8.self, repeating: 0)
        do {
            try fill(slice.bindMemory(to: UInt8.self))
        } catch {
            sodium_memzero(buffer.baseAddress, buffer.count)
            buffer.deallocate()
            throw error
        }
    }

    /// Copies `bytes` in and zeroes the caller's array.
    public convenience init(consuming bytes: inout [UInt8]) {
        let source = bytes
        self.init(count: source.count) { dst in
            for i in 0..<source.count { dst[i] = source[i] }
        }
        Sodium.memzero(&bytes)
    }

    /// Reads the secret. Do not let the pointer escape the closure.
    public func withUnsafeBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count))
    }

    /// A copy of the bytes as an array. The caller must `Sodium.memzero` it when done.
    public func copyBytes() -> [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    deinit {
        sodium_memzero(buffer.baseAddress, buffer.count)
        buffer.deallocate()
    }
}
