/// A minimal strict DER reader for PKCS#8 / RFC 8410 `OneAsymmetricKey` holding an Ed25519 key.
enum DERPrivateKeyInfo {
    private struct Reader {
        let bytes: [UInt8]
        var offset: Int
        let end: Int

        mutating func element(tag expected: UInt8) throws(KeyError) -> (start: Int, end: Int) {
            guard offset < end, bytes[offset] == expected else {
                throw KeyError(.invalidKeyFile, "DER: expected tag 0x\(String(expected, radix: 16)) at byte \(offset)")
            }
            offset += 1
            guard offset < end else { throw KeyError(.invalidKeyFile, "DER: truncated length") }
            var length = Int(bytes[offset])
            offset += 1
            if length & 0x80 != 0 {
                let n = length & 0x7f
                guard n >= 1, n <= 2, end - offset >= n else { throw KeyError(.invalidKeyFile, "DER: unsupported length") }
                length = 0
                for _ in 0..<n { length = length << 8 | Int(bytes[offset]); offset += 1 }
                guard length >= 0x80, n == 1 || length > 0xff else { throw KeyError(.invalidKeyFile, "DER: non-minimal length") }
            }
            guard length <= end - offset else { throw KeyError(.invalidKeyFile, "DER: element runs past its container") }
            let range = (offset, offset + length)
            offset += length
            return range
        }
    }

    /// Extracts the 32-byte seed, checking the algorithm is Ed25519 and, when present, that the
    /// embedded public key matches.
    static func ed25519Seed(_ der: [UInt8]) throws(KeyError) -> [UInt8] {
        var outer = Reader(bytes: der, offset: 0, end: der.count)
        let seq = try outer.element(tag: 0x30)
        guard seq.end == der.count else { throw KeyError(.invalidKeyFile, "DER: trailing bytes after PrivateKeyInfo") }
        var r = Reader(bytes: der, offset: seq.start, end: seq.end)
        let version = try r.element(tag: 0x02)
        guard version.end - version.start == 1, der[version.start] <= 1 else { throw KeyError(.invalidKeyFile, "unsupported PKCS#8 version") }
        let alg = try r.element(tag: 0x30)
        let oid = Array(der[alg.start..<alg.end])
        guard oid == [0x06, 0x03, 0x2b, 0x65, 0x70] else {
            throw KeyError(.unsupportedKeyType, "PKCS#8 key is not Ed25519 (only Ed25519 is supported)")
        }
        let octets = try r.element(tag: 0x04)
        var inner = Reader(bytes: der, offset: octets.start, end: octets.end)
        let seedRange = try inner.element(tag: 0x04)
        guard inner.offset == octets.end, seedRange.end - seedRange.start == 32 else {
            throw KeyError(.invalidKeyFile, "Ed25519 private key must be a 32-byte OCTET STRING")
        }
        let seed = Array(der[seedRange.start..<seedRange.end])
        if r.offset < r.end, der[r.offset] == 0xa0 { _ = try r.element(tag: 0xa0) }
        if r.offset < r.end, der[r.offset] == 0x81 {
            let pub = try r.element(tag: 0x81)
            guard pub.end - pub.start == 33, der[pub.start] == 0 else { throw KeyError(.invalidKeyFile, "malformed public key in PKCS#8") }
            let key = try PrivateKey(seed: seed)
            guard Array(der[(pub.start + 1)..<pub.end]) == key.publicKey.data else {
                throw KeyError(.keyPairMismatch, "the public key in the PKCS#8 file does not belong to its private key")
            }
        }
        guard r.offset == r.end else { throw KeyError(.invalidKeyFile, "DER: unexpected trailing elements") }
        return seed
    }
}
