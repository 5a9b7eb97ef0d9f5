import CSodium

/// The one thin Swift wrapper over libsodium: every call into the C library goes through here.
///
/// `sodium_init()` runs exactly once, on first use, through a lazily initialised global
/// (Swift guarantees thread-safe one-time initialisation of globals).
public enum Sodium {
    private static let initialised: Bool = sodium_init() >= 0

    /// Makes sure libsodium is initialised. Cheap after the first call.
    @inline(__always)
    public static func ensureInitialised() {
        precondition(initialised, "libsodium failed to initialise")
    }

    // MARK: Ed25519

    /// Length of an Ed25519 public key (32).
    public static let ed25519PublicKeyBytes = Int(crypto_sign_PUBLICKEYBYTES)
    /// Length of an Ed25519 seed (32).
    public static let ed25519SeedBytes = Int(crypto_sign_SEEDBYTES)
    /// Length of libsodium's Ed25519 secret key, seed ‖ public key (64).
    public static let ed25519SecretKeyBytes = Int(crypto_sign_SECRETKEYBYTES)
    /// Length of an Ed25519 signature (64).
    public static let ed25519SignatureBytes = Int(crypto_sign_BYTES)

    /// Derives the Ed25519 keypair for a 32-byte seed.
    /// - Returns: the public key and libsodium's 64-byte secret key (seed ‖ public key).
    public static func ed25519Keypair(seed: [UInt8]) -> (publicKey: [UInt8], secretKey: SecretBytes) {
        ensureInitialised()
        precondition(seed.count == ed25519SeedBytes, "Ed25519 seed must be 32 bytes")
        var pk = [UInt8](repeating: 0, count: ed25519PublicKeyBytes)
        let sk = SecretBytes(count: ed25519SecretKeyBytes) { skPtr in
            _ = pk.withUnsafeMutableBufferPointer { pkPtr in
                seed.withUnsafeBufferPointer { seedPtr in
                    crypto_sign_seed_keypair(pkPtr.nonNull, skPtr.nonNull, seedPtr.nonNull)
                }
            }
        }
        return (pk, sk)
    }

    /// Signs `message` with a 64-byte libsodium Ed25519 secret key; returns the 64-byte detached signature.
    public static func ed25519Sign(_ message: [UInt8], secretKey: SecretBytes) -> [UInt8] {
        ensureInitialised()
        var sig = [UInt8](repeating: 0, count: ed25519SignatureBytes)
        secretKey.withUnsafeBytes { sk in
            _ = sig.withUnsafeMutableBufferPointer { sigPtr in
                message.withUnsafeBufferPointer { msg in
                    crypto_sign_detached(sigPtr.nonNull, nil, msg.nonNull, UInt64(msg.count), sk.nonNull)
                }
            }
        }
        return sig
    }

    /// Verifies a detached Ed25519 signature. Wrong lengths verify as `false`, never trap.
    public static func ed25519Verify(signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        ensureInitialised()
        guard signature.count == ed25519SignatureBytes, publicKey.count == ed25519PublicKeyBytes else { return false }
        return signature.withUnsafeBufferPointer { sig in
            message.withUnsafeBufferPointer { msg in
                publicKey.withUnsafeBufferPointer { pk in
                    crypto_sign_verify_detached(sig.nonNull, msg.nonNull, UInt64(msg.count), pk.nonNull) == 0
                }
            }
        }
    }

    /// Verifies a detached Ed25519 signature over the concatenation `prefix ‖ message`
    /// without copying both into one buffer (libsodium's incremental Ed25519 is Ed25519ph,
    /// which is a different scheme, so a single contiguous buffer is still built once).
    public static func ed25519Verify(signature: [UInt8], prefix: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        var joined = [UInt8]()
        joined.reserveCapacity(prefix.count + message.count)
        joined.append(contentsOf: prefix)
        joined.append(contentsOf: message)
        return ed25519Verify(signature: signature, message: joined, publicKey: publicKey)
    }

    // MARK: Hashes

    /// SHA-256 of `data`.
    public static func sha256(_ data: [UInt8]) -> [UInt8] {
        ensureInitialised()
        var out = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_BYTES))
        out.withUnsafeMutableBufferPointer { o in
            data.withUnsafeBufferPointer { d in
                _ = crypto_hash_sha256(o.nonNull, d.nonNull, UInt64(d.count))
            }
        }
        return out
    }

    /// SHA-512 of `data`.
    public static func sha512(_ data: [UInt8]) -> [UInt8] {
        ensureInitialised()
        var out = [UInt8](repeating: 0, count: Int(crypto_hash_sha512_BYTES))
        out.withUnsafeMutableBufferPointer { o in
            data.withUnsafeBufferPointer { d in
                _ = crypto_hash_sha512(o.nonNull, d.nonNull, UInt64(d.count))
            }
        }
        return out
    }

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

    /// HMAC-SHA-512 of `message` under a key of any length.
    public static func hmacSHA512(key: [UInt8], message: [UInt8]) -> [UInt8] {
        ensureInitialised()
        var out = [UInt8](repeating: 0, count: Int(crypto_auth_hmacsha512_BYTES))
        var state = crypto_auth_hmacsha512_state()
        key.withUnsafeBufferPointer { _ = crypto_auth_hmacsha512_init(&state, $0.nonNull, $0.count) }
        message.withUnsafeBufferPointer { _ = crypto_auth_hmacsha512_update(&state, $0.nonNull, UInt64($0.count)) }
        out.withUnsafeMutableBufferPointer { _ = crypto_auth_hmacsha512_final(&state, $0.nonNull) }
        sodium_memzero(&state, MemoryLayout<crypto_auth_hmacsha512_state>.size)
        return out
    }

    /// HMAC-SHA-256 of `message` under a key of any length.
    public static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        ensureInitialised()
        var out = [UInt8](repeating: 0, count: Int(crypto_auth_hmacsha256_BYTES))
        var state = crypto_auth_hmacsha256_state()
        key.withUnsafeBufferPointer { _ = crypto_auth_hmacsha256_init(&state, $0.nonNull, $0.count) }
        message.withUnsafeBufferPointer { _ = crypto_auth_hmacsha256_update(&state, $0.nonNull, UInt64($0.count)) }
        out.withUnsafeMutableBufferPointer { _ = crypto_auth_hmacsha256_final(&state, $0.nonNull) }
        sodium_memzero(&state, MemoryLayout<crypto_auth_hmacsha256_state>.size)
        return out
    }

    /// HKDF (RFC 5869) as RFC 9498 (GNS) uses it: HMAC-SHA-512 for the extraction step
    /// (`PRK = HMAC-SHA-512(salt, ikm)`) and HMAC-SHA-256 for the expansion step.
    /// - Parameter count: output length, at most 255 × 32 bytes.
    public static func hkdfSHA512SHA256(salt: [UInt8], ikm: [UInt8], info: [UInt8], count: Int) -> [UInt8] {
        precondition(count > 0 && count <= 255 * Int(crypto_auth_hmacsha256_BYTES), "HKDF output length out of range")
        var prk = hmacSHA512(key: salt, message: ikm)
        defer { memzero(&prk) }
        var out = [UInt8]()
        out.reserveCapacity(count)
        var block = [UInt8]()
        var counter: UInt8 = 1
        while out.count < count {
            let next = hmacSHA256(key: prk, message: block + info + [counter])
            memzero(&block)
            block = next
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

    // MARK: Randomness and memory

    /// `count` bytes from libsodium's CSPRNG.
    public static func randomBytes(_ count: Int) -> [UInt8] {
        ensureInitialised()
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { randombytes_buf($0.nonNull, $0.count) }
        return out
    }

    /// A uniformly random integer in `0..<upperBound` (`upperBound` > 0).
    public static func randomUniform(_ upperBound: UInt32) -> UInt32 {
        ensureInitialised()
        return randombytes_uniform(upperBound)
    }

    /// Overwrites the array's bytes with zeros in a way the compiler cannot elide.
    public static func memzero(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { sodium_memzero($0.nonNull, $0.count) }
    }

    /// Constant-time comparison of two equal-length byte strings.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return a.withUnsafeBytes { x in b.withUnsafeBytes { y in sodium_memcmp(x.nonNull, y.nonNull, x.count) == 0 } }
    }

    // MARK: Password hashing and authenticated encryption (keystore)

    /// Salt length for Argon2id `crypto_pwhash` (16).
    public static let pwhashSaltBytes = Int(crypto_pwhash_SALTBYTES)
    /// Argon2id "moderate" ops limit, libsodium's recommendation for interactive-but-careful use.
    public static let pwhashOpsLimitModerate = UInt64(crypto_pwhash_OPSLIMIT_MODERATE)
    /// Argon2id "moderate" memory limit (256 MiB).
    public static let pwhashMemLimitModerate = Int(crypto_pwhash_MEMLIMIT_MODERATE)
    /// Argon2id "sensitive" ops limit: the most a key file may ask for.
    public static let pwhashOpsLimitSensitive = UInt64(crypto_pwhash_OPSLIMIT_SENSITIVE)
    /// Argon2id "sensitive" memory limit (1 GiB): the most a key file may ask for.
    public static let pwhashMemLimitSensitive = Int(crypto_pwhash_MEMLIMIT_SENSITIVE)
    /// Argon2id "interactive" ops limit.
    public static let pwhashOpsLimitInteractive = UInt64(crypto_pwhash_OPSLIMIT_INTERACTIVE)
    /// Argon2id "interactive" memory limit (64 MiB).
    public static let pwhashMemLimitInteractive = Int(crypto_pwhash_MEMLIMIT_INTERACTIVE)

    /// Derives a 32-byte key from a passphrase with Argon2id13. Returns `nil` when libsodium
    /// refuses (out of memory, limits out of range).
    public static func argon2id(passphrase: [UInt8], salt: [UInt8], opsLimit: UInt64, memLimit: Int) -> SecretBytes? {
        ensureInitialised()
        guard salt.count == pwhashSaltBytes,
              opsLimit >= UInt64(crypto_pwhash_opslimit_min()), opsLimit <= UInt64(crypto_pwhash_opslimit_max()),
              memLimit >= crypto_pwhash_memlimit_min(), memLimit <= crypto_pwhash_memlimit_max()
        else { return nil }
        var ok = false
        let key = SecretBytes(count: 32) { out in
            ok = passphrase.withUnsafeBufferPointer { pw in
                salt.withUnsafeBufferPointer { s in
                    pw.withMemoryRebound(to: CChar.self) { pwc in
                        crypto_pwhash(out.nonNull, UInt64(out.count), pwc.nonNull, UInt64(pwc.count),
                                      s.nonNull, opsLimit, memLimit, crypto_pwhash_ALG_ARGON2ID13) == 0
                    }
                }
            }
        }
        return ok ? key : nil
    }

    /// Nonce length for XChaCha20-Poly1305-IETF (24).
    public static let aeadNonceBytes = Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
    /// Authentication tag length for XChaCha20-Poly1305-IETF (16).
    public static let aeadTagBytes = Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)

    /// Encrypts with XChaCha20-Poly1305-IETF; returns ciphertext ‖ tag.
    public static func aeadSeal(_ plaintext: [UInt8], additionalData: [UInt8], nonce: [UInt8], key: SecretBytes) -> [UInt8] {
        ensureInitialised()
        precondition(nonce.count == aeadNonceBytes && key.count == 32)
        var out = [UInt8](repeating: 0, count: plaintext.count + aeadTagBytes)
        var outLen: UInt64 = 0
        key.withUnsafeBytes { k in
            _ = out.withUnsafeMutableBufferPointer { o in
                plaintext.withUnsafeBufferPointer { p in
                    additionalData.withUnsafeBufferPointer { ad in
                        nonce.withUnsafeBufferPointer { n in
                            crypto_aead_xchacha20poly1305_ietf_encrypt(o.nonNull, &outLen, p.nonNull, UInt64(p.count),
                                                                       ad.nonNull, UInt64(ad.count), nil, n.nonNull, k.nonNull)
                        }
                    }
                }
            }
        }
        return out
    }

    /// Decrypts XChaCha20-Poly1305-IETF ciphertext ‖ tag; `nil` when authentication fails.
    public static func aeadOpen(_ ciphertext: [UInt8], additionalData: [UInt8], nonce: [UInt8], key: SecretBytes) -> SecretBytes? {
        ensureInitialised()
        guard nonce.count == aeadNonceBytes, key.count == 32, ciphertext.count >= aeadTagBytes else { return nil }
        var ok = false
        var plainLen: UInt64 = 0
        let out = SecretBytes(count: ciphertext.count - aeadTagBytes) { o in
            ok = key.withUnsafeBytes { k in
                ciphertext.withUnsafeBufferPointer { c in
                    additionalData.withUnsafeBufferPointer { ad in
                        nonce.withUnsafeBufferPointer { n in
                            crypto_aead_xchacha20poly1305_ietf_decrypt(o.nonNull, &plainLen, nil, c.nonNull, UInt64(c.count),
                                                                       ad.nonNull, UInt64(ad.count), n.nonNull, k.nonNull) == 0
                        }
                    }
                }
            }
        }
        return ok ? out : nil
    }
}

/// libsodium's headers mark pointers non-null, but an empty Swift buffer has a nil base address.
/// These give a valid pointer to a dummy byte for empty buffers (never read, since the length is 0).
private nonisolated(unsafe) let emptyByte = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)

extension UnsafeBufferPointer where Element == UInt8 {
    @inline(__always) var nonNull: UnsafePointer<UInt8> { baseAddress ?? UnsafePointer(emptyByte) }
}

extension UnsafeMutableBufferPointer where Element == UInt8 {
    @inline(__always) var nonNull: UnsafeMutablePointer<UInt8> { baseAddress ?? emptyByte }
}

extension UnsafeBufferPointer where Element == CChar {
    @inline(__always) var nonNull: UnsafePointer<CChar> {
        baseAddress ?? UnsafeRawPointer(emptyByte).assumingMemoryBound(to: CChar.self)
    }
}

extension UnsafeMutableRawBufferPointer {
    @inline(__always) var nonNull: UnsafeMutableRawPointer { baseAddress ?? UnsafeMutableRawPointer(emptyByte) }
}

extension UnsafeRawBufferPointer {
    @inline(__always) var nonNull: UnsafeRawPointer { baseAddress ?? UnsafeRawPointer(emptyByte) }
}
