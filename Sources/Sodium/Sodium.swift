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
        precondition(nonce.count == aeadNonceBytes && key.count == 32)
        return seal(crypto_aead_xchacha20poly1305_ietf_encrypt, plaintext, additionalData, nonce, key)
    }

    /// Decrypts XChaCha20-Poly1305-IETF ciphertext ‖ tag; `nil` when authentication fails.
    public static func aeadOpen(_ ciphertext: [UInt8], additionalData: [UInt8], nonce: [UInt8], key: SecretBytes) -> SecretBytes? {
        guard nonce.count == aeadNonceBytes, key.count == 32, ciphertext.count >= aeadTagBytes else { return nil }
        var ok = false
        let out = SecretBytes(count: ciphertext.count - aeadTagBytes) { o in
            ok = open(crypto_aead_xchacha20poly1305_ietf_decrypt, into: o, ciphertext, additionalData, nonce, key)
        }
        return ok ? out : nil
    }

    /// The signature shared by libsodium's `crypto_aead_*_encrypt` functions.
    private typealias AEADEncrypt = (UnsafeMutablePointer<UInt8>, UnsafeMutablePointer<UInt64>?, UnsafePointer<UInt8>?, UInt64,
                                     UnsafePointer<UInt8>?, UInt64, UnsafePointer<UInt8>?, UnsafePointer<UInt8>, UnsafePointer<UInt8>) -> Int32
    /// The signature shared by libsodium's `crypto_aead_*_decrypt` functions.
    private typealias AEADDecrypt = (UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt64>?, UnsafeMutablePointer<UInt8>?, UnsafePointer<UInt8>,
                                     UInt64, UnsafePointer<UInt8>?, UInt64, UnsafePointer<UInt8>, UnsafePointer<UInt8>) -> Int32

    /// Runs an AEAD encryption (lengths checked by the caller); returns ciphertext ‖ tag.
    private static func seal(_ encrypt: AEADEncrypt, _ plaintext: [UInt8], _ additionalData: [UInt8], _ nonce: [UInt8], _ key: SecretBytes) -> [UInt8] {
        ensureInitialised()
        var out = [UInt8](repeating: 0, count: plaintext.count + aeadTagBytes)
        var outLen: UInt64 = 0
        key.withUnsafeBytes { k in
            _ = out.withUnsafeMutableBufferPointer { o in
                plaintext.withUnsafeBufferPointer { p in
                    additionalData.withUnsafeBufferPointer { ad in
                        nonce.withUnsafeBufferPointer { n in
                            encrypt(o.nonNull, &outLen, p.nonNull, UInt64(p.count), ad.nonNull, UInt64(ad.count), nil, n.nonNull, k.nonNull)
                        }
                    }
                }
            }
        }
        return out
    }

    /// Runs an AEAD decryption into `out` (ciphertext length minus the tag); whether it authenticated.
    private static func open(_ decrypt: AEADDecrypt, into out: UnsafeMutableBufferPointer<UInt8>, _ ciphertext: [UInt8],
                             _ additionalData: [UInt8], _ nonce: [UInt8], _ key: SecretBytes) -> Bool {
        ensureInitialised()
        var plainLen: UInt64 = 0
        return key.withUnsafeBytes { k in
            ciphertext.withUnsafeBufferPointer { c in
                additionalData.withUnsafeBufferPointer { ad in
                    nonce.withUnsafeBufferPointer { n in
                        decrypt(out.nonNull, &plainLen, nil, c.nonNull, UInt64(c.count), ad.nonNull, UInt64(ad.count), n.nonNull, k.nonNull) == 0
                    }
                }
            }
        }
    }

    // MARK: X25519, ChaCha20-Poly1305-IETF, HMAC-SHA256 (libp2p Noise)

    /// Length of an X25519 public key or shared secret (32).
    public static let x25519Bytes = Int(crypto_scalarmult_curve25519_BYTES)
    /// Nonce length for ChaCha20-Poly1305-IETF (12).
    public static let chachaPolyNonceBytes = Int(crypto_aead_chacha20poly1305_ietf_NPUBBYTES)
    /// Authentication tag length for ChaCha20-Poly1305-IETF (16).
    public static let chachaPolyTagBytes = Int(crypto_aead_chacha20poly1305_ietf_ABYTES)

    /// A fresh X25519 keypair: the public key and the 32-byte secret scalar.
    public static func x25519Keypair() -> (publicKey: [UInt8], secretKey: SecretBytes) {
        ensureInitialised()
        var pk = [UInt8](repeating: 0, count: x25519Bytes)
        let sk = SecretBytes(count: Int(crypto_scalarmult_curve25519_SCALARBYTES)) { s in
            randombytes_buf(s.nonNull, s.count)
            _ = pk.withUnsafeMutableBufferPointer { crypto_scalarmult_curve25519_base($0.nonNull, s.nonNull) }
        }
        return (pk, sk)
    }

    /// X25519 Diffie-Hellman of a secret scalar and a peer's public key; `nil` when the peer's key is
    /// a low-order point (libsodium refuses an all-zero shared secret) or not 32 bytes.
    public static func x25519(secretKey: SecretBytes, publicKey: [UInt8]) -> SecretBytes? {
        ensureInitialised()
        guard publicKey.count == x25519Bytes, secretKey.count == x25519Bytes else { return nil }
        var ok = false
        let shared = SecretBytes(count: x25519Bytes) { out in
            ok = secretKey.withUnsafeBytes { s in
                publicKey.withUnsafeBufferPointer { p in crypto_scalarmult_curve25519(out.nonNull, s.nonNull, p.nonNull) == 0 }
            }
        }
        return ok ? shared : nil
    }

    /// Encrypts with ChaCha20-Poly1305-IETF (12-byte nonce, 32-byte key); returns ciphertext ‖ tag.
    public static func chachaPolySeal(_ plaintext: [UInt8], additionalData: [UInt8], nonce: [UInt8], key: SecretBytes) -> [UInt8] {
        precondition(nonce.count == chachaPolyNonceBytes && key.count == 32)
        return seal(crypto_aead_chacha20poly1305_ietf_encrypt, plaintext, additionalData, nonce, key)
    }

    /// Decrypts ChaCha20-Poly1305-IETF ciphertext ‖ tag; `nil` when authentication fails.
    /// The plaintext is returned as a plain array: transport payloads are not key material.
    public static func chachaPolyOpen(_ ciphertext: [UInt8], additionalData: [UInt8], nonce: [UInt8], key: SecretBytes) -> [UInt8]? {
        guard nonce.count == chachaPolyNonceBytes, key.count == 32, ciphertext.count >= chachaPolyTagBytes else { return nil }
        var out = [UInt8](repeating: 0, count: ciphertext.count - chachaPolyTagBytes)
        let ok = out.withUnsafeMutableBufferPointer { o in
            open(crypto_aead_chacha20poly1305_ietf_decrypt, into: o, ciphertext, additionalData, nonce, key)
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
