import CSodium

/// RFC 9498 key blinding's primitives: HMAC and the RFC's HKDF, Ed25519 scalar and point
/// arithmetic, and Ed25519 signing with a raw secret scalar (a blinded key has no seed).
extension Sodium {
    /// SHA-256 of `secret ‖ data`, kept secret (used for the signing nonce of a blinded key).
    public static func sha256(_ secret: SecretBytes, _ data: [UInt8]) -> SecretBytes {
        ensureInitialised()
        return SecretBytes(count: Int(crypto_hash_sha256_BYTES)) { out in
            var state = crypto_hash_sha256_state()
            crypto_hash_sha256_init(&state)
            secret.withUnsafeBytes { _ = crypto_hash_sha256_update(&state, $0.nonNull, UInt64($0.count)) }
            data.withUnsafeBufferPointer { _ = crypto_hash_sha256_update(&state, $0.nonNull, UInt64($0.count)) }
            crypto_hash_sha256_final(&state, out.nonNull)
            sodium_memzero(&state, MemoryLayout<crypto_hash_sha256_state>.size)
        }
    }

    /// HMAC-SHA-512 of `message` under a key of any length (the result is secret: HKDF's PRK).
    public static func hmacSHA512(key: [UInt8], message: [UInt8]) -> SecretBytes {
        ensureInitialised()
        return SecretBytes(count: Int(crypto_auth_hmacsha512_BYTES)) { out in
            var state = crypto_auth_hmacsha512_state()
            key.withUnsafeBufferPointer { k in _ = crypto_auth_hmacsha512_init(&state, k.nonNull, k.count) }
            message.withUnsafeBufferPointer { m in _ = crypto_auth_hmacsha512_update(&state, m.nonNull, UInt64(m.count)) }
            _ = crypto_auth_hmacsha512_final(&state, out.nonNull)
            withUnsafeMutableBytes(of: &state) { sodium_memzero($0.nonNull, $0.count) }
        }
    }

    /// HMAC-SHA256 of `message` under a key of any length (the 32-byte result is secret: Noise's HKDF
    /// chains keys through it).
    public static func hmacSHA256(key: SecretBytes, message: [UInt8]) -> SecretBytes {
        ensureInitialised()
        return SecretBytes(count: Int(crypto_auth_hmacsha256_BYTES)) { out in
            var state = crypto_auth_hmacsha256_state()
            key.withUnsafeBytes { k in _ = crypto_auth_hmacsha256_init(&state, k.nonNull, k.count) }
            message.withUnsafeBufferPointer { m in _ = crypto_auth_hmacsha256_update(&state, m.nonNull, UInt64(m.count)) }
            _ = crypto_auth_hmacsha256_final(&state, out.nonNull)
            withUnsafeMutableBytes(of: &state) { sodium_memzero($0.nonNull, $0.count) }
        }
    }

    /// HKDF (RFC 5869) as RFC 9498 (GNS) uses it: HMAC-SHA-512 for the extraction step
    /// (`PRK = HMAC-SHA-512(salt, ikm)`) and HMAC-SHA-256 for the expansion step.
    /// - Parameter count: output length, at most 255 × 32 bytes.
    public static func hkdfSHA512SHA256(salt: [UInt8], ikm: [UInt8], info: [UInt8], count: Int) -> [UInt8] {
        precondition(count > 0 && count <= 255 * Int(crypto_auth_hmacsha256_BYTES), "HKDF output length out of range")
        let prk = hmacSHA512(key: salt, message: ikm)
        var out = [UInt8]()
        out.reserveCapacity(count)
        var block = [UInt8]()
        var counter: UInt8 = 1
        while out.count < count {
            let next = hmacSHA256(key: prk, message: block + info + [counter])
            memzero(&block)
            block = next.copyBytes()
            out.append(contentsOf: block.prefix(count - out.count))
            counter += 1
        }
        memzero(&block)
        return out
    }

    // MARK: Ed25519 scalars and points (key blinding)

    /// Length of a reduced Ed25519 scalar (32, little-endian, below the group order L).
    public static let ed25519ScalarBytes = Int(crypto_core_ed25519_SCALARBYTES)

    /// Reduces a 64-byte little-endian integer modulo the Ed25519 group order L.
    public static func ed25519ScalarReduce(_ wide: [UInt8]) -> [UInt8] {
        ensureInitialised()
        precondition(wide.count == Int(crypto_core_ed25519_NONREDUCEDSCALARBYTES), "a wide scalar is 64 bytes")
        var out = [UInt8](repeating: 0, count: ed25519ScalarBytes)
        out.withUnsafeMutableBufferPointer { o in
            wide.withUnsafeBufferPointer { crypto_core_ed25519_scalar_reduce(o.nonNull, $0.nonNull) }
        }
        return out
    }

    /// `factor × secret mod L` for a public factor and a secret scalar (both 32-byte little-endian).
    public static func ed25519ScalarMul(_ factor: [UInt8], _ secret: SecretBytes) -> SecretBytes {
        ensureInitialised()
        precondition(factor.count == ed25519ScalarBytes && secret.count == ed25519ScalarBytes, "scalars are 32 bytes")
        return SecretBytes(count: ed25519ScalarBytes) { out in
            secret.withUnsafeBytes { s in
                factor.withUnsafeBufferPointer { crypto_core_ed25519_scalar_mul(out.nonNull, $0.nonNull, s.nonNull) }
            }
        }
    }

    /// `scalar × point` without clamping the scalar. `nil` when the point is not a canonical
    /// point of the prime-order subgroup (small order, not on the curve) or the product is the identity.
    public static func ed25519ScalarMultNoclamp(scalar: [UInt8], point: [UInt8]) -> [UInt8]? {
        ensureInitialised()
        guard scalar.count == ed25519ScalarBytes, point.count == ed25519PublicKeyBytes else { return nil }
        var out = [UInt8](repeating: 0, count: ed25519PublicKeyBytes)
        let status = out.withUnsafeMutableBufferPointer { o in
            scalar.withUnsafeBufferPointer { n in
                point.withUnsafeBufferPointer { crypto_scalarmult_ed25519_noclamp(o.nonNull, n.nonNull, $0.nonNull) }
            }
        }
        return status == 0 ? out : nil
    }

    /// `secret × B` (the base point) without clamping: the public key of a raw secret scalar.
    /// `nil` only for the zero scalar.
    public static func ed25519PublicKey(scalar secret: SecretBytes) -> [UInt8]? {
        ensureInitialised()
        guard secret.count == ed25519ScalarBytes else { return nil }
        var out = [UInt8](repeating: 0, count: ed25519PublicKeyBytes)
        let status = out.withUnsafeMutableBufferPointer { o in
            secret.withUnsafeBytes { crypto_scalarmult_ed25519_base_noclamp(o.nonNull, $0.nonNull) }
        }
        return status == 0 ? out : nil
    }

    /// RFC 8032's expansion of an Ed25519 seed: SHA-512(seed) split into the clamped secret scalar
    /// (first half) and the signing prefix (second half).
    public static func ed25519ExpandSeed(_ seed: [UInt8]) -> (scalar: SecretBytes, prefix: SecretBytes) {
        ensureInitialised()
        precondition(seed.count == ed25519SeedBytes, "Ed25519 seed must be 32 bytes")
        let expanded = SecretBytes(count: Int(crypto_hash_sha512_BYTES)) { out in
            seed.withUnsafeBufferPointer { _ = crypto_hash_sha512(out.nonNull, $0.nonNull, UInt64($0.count)) }
        }
        let scalar = SecretBytes(count: ed25519ScalarBytes) { out in
            expanded.withUnsafeBytes { for i in 0..<ed25519ScalarBytes { out[i] = $0[i] } }
            out[0] &= 248
            out[31] &= 127
            out[31] |= 64
        }
        let prefix = SecretBytes(count: ed25519ScalarBytes) { out in
            expanded.withUnsafeBytes { for i in 0..<ed25519ScalarBytes { out[i] = $0[ed25519ScalarBytes + i] } }
        }
        return (scalar, prefix)
    }

    /// A standard Ed25519 signature (verifiable with `ed25519Verify`) made from a raw secret scalar
    /// rather than a seed, as RFC 9498 signs with a blinded key: `r = SHA-512(nonce ‖ M) mod L`,
    /// `R = r·B`, `S = r + SHA-512(R ‖ A ‖ M)·scalar mod L`.
    /// - Parameters:
    ///   - scalar: the 32-byte secret scalar (below L).
    ///   - nonce: the secret that makes `r` deterministic (32 bytes).
    ///   - publicKey: `scalar·B`, the key the signature verifies under.
    public static func ed25519Sign(_ message: [UInt8], scalar: SecretBytes, nonce: SecretBytes, publicKey: [UInt8]) -> [UInt8] {
        ensureInitialised()
        precondition(scalar.count == ed25519ScalarBytes && nonce.count == 32 && publicKey.count == ed25519PublicKeyBytes)
        var rWide = [UInt8](repeating: 0, count: Int(crypto_hash_sha512_BYTES))
        var state = crypto_hash_sha512_state()
        crypto_hash_sha512_init(&state)
        nonce.withUnsafeBytes { _ = crypto_hash_sha512_update(&state, $0.nonNull, UInt64($0.count)) }
        message.withUnsafeBufferPointer { _ = crypto_hash_sha512_update(&state, $0.nonNull, UInt64($0.count)) }
        rWide.withUnsafeMutableBufferPointer { _ = crypto_hash_sha512_final(&state, $0.nonNull) }
        var r = ed25519ScalarReduce(rWide)
        memzero(&rWide)
        defer { memzero(&r) }
        var signature = [UInt8](repeating: 0, count: ed25519SignatureBytes)
        // R = r·B. r is zero with probability 2^-252; base_noclamp then fails and R stays all-zero bytes,
        // a small-order point that verifiers reject: never a signature that verifies wrongly.
        signature.withUnsafeMutableBufferPointer { sig in
            r.withUnsafeBufferPointer { _ = crypto_scalarmult_ed25519_base_noclamp(sig.nonNull, $0.nonNull) }
        }
        var kWide = [UInt8](repeating: 0, count: Int(crypto_hash_sha512_BYTES))
        crypto_hash_sha512_init(&state)
        signature.withUnsafeBufferPointer { _ = crypto_hash_sha512_update(&state, $0.nonNull, 32) }
        publicKey.withUnsafeBufferPointer { _ = crypto_hash_sha512_update(&state, $0.nonNull, UInt64($0.count)) }
        message.withUnsafeBufferPointer { _ = crypto_hash_sha512_update(&state, $0.nonNull, UInt64($0.count)) }
        kWide.withUnsafeMutableBufferPointer { _ = crypto_hash_sha512_final(&state, $0.nonNull) }
        sodium_memzero(&state, MemoryLayout<crypto_hash_sha512_state>.size)
        let k = ed25519ScalarReduce(kWide)
        var ks = [UInt8](repeating: 0, count: ed25519ScalarBytes)
        defer { memzero(&ks) }
        ks.withUnsafeMutableBufferPointer { o in
            k.withUnsafeBufferPointer { kp in scalar.withUnsafeBytes { crypto_core_ed25519_scalar_mul(o.nonNull, kp.nonNull, $0.nonNull) } }
        }
        signature.withUnsafeMutableBufferPointer { sig in
            ks.withUnsafeBufferPointer { kp in
                r.withUnsafeBufferPointer { crypto_core_ed25519_scalar_add(sig.nonNull + 32, kp.nonNull, $0.nonNull) }
            }
        }
        return signature
    }
}
