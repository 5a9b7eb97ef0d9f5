#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Libp2p
import Multiformats
import NameKeys
import Sodium

/// The Amino peer's libp2p identity, kept in the namectl home: an Ed25519 key (not a name key)
/// in the libp2p `PrivateKey` protobuf form Kubo uses (`08 01 12 40 ‖ seed ‖ public key`),
/// created on first use with mode 0600.
public enum AminoIdentity {
    /// Loads the key at `path`, or creates and saves a new one when there is none.
    /// - Throws: `.identityKey` when the file is unreadable or not an Ed25519 private key.
    public static func loadOrCreate(at path: String) throws(AminoError) -> IdentityKey {
        let existing: [UInt8]?
        do {
            existing = try AtomicFile.read(path, limit: 4096)
        } catch {
            throw AminoError(.identityKey, "cannot read \(path): \(error.reason)")
        }
        if var bytes = existing {
            defer { Sodium.memzero(&bytes) }
            return try decode(bytes, path: path)
        }
        let identity = IdentityKey.generate()
        var encoded = identity.withSeed { seed in
            var writer = ProtobufWriter()
            writer.writeVarint(field: 1, Libp2pPublicKey.ed25519Type)
            writer.writeBytes(field: 2, seed + identity.publicKey.data)
            return writer.bytes
        }
        defer { Sodium.memzero(&encoded) }
        do {
            let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
            if !directory.isEmpty { try AtomicFile.ensureDirectory(directory) }
            try AtomicFile.create(encoded, at: path, mode: 0o600)
        } catch {
            // Another process created it first: use theirs.
            if error.errno == EEXIST { return try loadOrCreate(at: path) }
            throw AminoError(.identityKey, "cannot write \(path): \(error.reason)")
        }
        return identity
    }

    private static func decode(_ bytes: [UInt8], path: String) throws(AminoError) -> IdentityKey {
        var reader = ProtobufReader(bytes)
        var type: UInt64?
        var data: [UInt8]?
        while let field = try? reader.next() {
            switch field {
            case (1, .varint(let v)): type = v
            case (2, .bytes(let b)): data = b
            default: break
            }
        }
        defer { if data != nil { Sodium.memzero(&data!) } }
        guard reader.isAtEnd, type == Libp2pPublicKey.ed25519Type, let key = data, key.count == 64 else {
            throw AminoError(.identityKey, "\(path) is not an Ed25519 libp2p private key")
        }
        do {
            let identity = try IdentityKey(seed: Array(key[0..<32]))
            guard identity.publicKey.data == Array(key[32..<64]) else {
                throw AminoError(.identityKey, "\(path): public half does not match the seed")
            }
            return identity
        } catch let error as AminoError {
            throw error
        } catch {
            throw AminoError(.identityKey, "\(path): \(error)")
        }
    }
}
