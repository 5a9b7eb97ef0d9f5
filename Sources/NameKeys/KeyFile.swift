import Multiformats
import Sodium

/// Reads and writes cleartext private key files compatible with Kubo's `ipfs key export` / `import`.
public enum KeyFile {
    private static let pemHeader = "-----BEGIN PRIVATE KEY-----"
    private static let pemFooter = "-----END PRIVATE KEY-----"
    /// DER prefix of an RFC 8410 Ed25519 PKCS#8 v1 key, before the 32-byte seed.
    private static let pkcs8Prefix: [UInt8] = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
    /// The Ed25519 algorithm OID 1.3.101.112, DER-encoded.
    private static let ed25519OID: [UInt8] = [0x06, 0x03, 0x2b, 0x65, 0x70]

    /// Encodes `key` in `format`. The result holds the secret: zero it when done.
    public static func export(_ key: PrivateKey, format: KeyFormat) -> [UInt8] {
        key.withSeed { seed in
            switch format {
            case .libp2pProtobuf:
                var w = ProtobufWriter(capacity: 70)
                w.writeVarint(field: 1, KeyType.ed25519.rawValue)
                w.writeBytes(field: 2, seed + key.publicKey.data)
                return w.bytes
            case .pemPKCS8:
                let der = pkcs8Prefix + seed
                let b64 = Multibase.base64.encodeBare(der)
                var text = pemHeader + "\n"
                var line = Substring(b64)
                while !line.isEmpty {
                    text += line.prefix(64) + "\n"
                    line = line.dropFirst(64)
                }
                text += pemFooter + "\n"
                return Array(text.utf8)
            }
        }
    }

    /// Detects the format of a key file: PEM armour or binary protobuf.
    public static func detectFormat(_ bytes: [UInt8]) -> KeyFormat {
        bytes.starts(with: Array("-----BEGIN".utf8)) || bytes.first.map({ $0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09 }) == true
            ? .pemPKCS8 : .libp2pProtobuf
    }

    /// Parses a key file in `format` (or the detected one).
    /// - Throws: `invalidKeyFile`, `unsupportedKeyType` (RSA, secp256k1…), `keyPairMismatch`.
    public static func `import`(_ bytes: [UInt8], format: KeyFormat? = nil) throws(KeyError) -> PrivateKey {
        switch format ?? detectFormat(bytes) {
        case .libp2pProtobuf: return try parseProtobuf(bytes)
        case .pemPKCS8: return try parsePEM(bytes)
        }
    }

    private static func parseProtobuf(_ bytes: [UInt8]) throws(KeyError) -> PrivateKey {
        var reader = ProtobufReader(bytes)
        var type: UInt64?
        var data: [UInt8]?
        defer { if data != nil { Sodium.memzero(&data!) } }
        do {
            while let (field, value) = try reader.next() {
                switch (field, value) {
                case (1, .varint(let v)) where type == nil: type = v
                case (2, .bytes(let b)) where data == nil: data = b
                default: throw KeyError(.invalidKeyFile, "unexpected or repeated field \(field) in PrivateKey protobuf")
                }
            }
        } catch let error as KeyError {
            throw error
        } catch {
            throw KeyError(.invalidKeyFile, "not a libp2p PrivateKey protobuf: \(error)")
        }
        guard let type, let keyData = data else { throw KeyError(.invalidKeyFile, "PrivateKey protobuf lacks Type or Data") }
        guard let keyType = KeyType(rawValue: type) else { throw KeyError(.unsupportedKeyType, "unknown key type \(type)") }
        guard keyType == .ed25519 else { throw KeyError(.unsupportedKeyType, "\(keyType) keys are not supported (only Ed25519)") }
        // Go libp2p writes seed ‖ public key (64 bytes); very old keys append the public key again (96).
        guard keyData.count == 64 || keyData.count == 96 else {
            throw KeyError(.invalidKeyFile, "Ed25519 private key data must be 64 bytes, got \(keyData.count)")
        }
        let key = try PrivateKey(seed: Array(keyData[0..<32]))
        guard Array(keyData[32..<64]) == key.publicKey.data,
              keyData.count == 64 || Array(keyData[64..<96]) == key.publicKey.data else {
            throw KeyError(.keyPairMismatch, "the public key in the file does not belong to its private key")
        }
        return key
    }

    private static func parsePEM(_ bytes: [UInt8]) throws(KeyError) -> PrivateKey {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw KeyError(.invalidKeyFile, "PEM file is not UTF-8 text") }
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        guard let start = lines.firstIndex(of: pemHeader), let end = lines.firstIndex(of: pemFooter), start < end else {
            if text.contains("BEGIN RSA PRIVATE KEY") || text.contains("BEGIN EC PRIVATE KEY") {
                throw KeyError(.unsupportedKeyType, "only Ed25519 PKCS#8 keys are supported")
            }
            throw KeyError(.invalidKeyFile, "no '\(pemHeader)' block found")
        }
        var der: [UInt8]
        do {
            der = try Multibase.base64urlPad.decodeStandardBase64(lines[(start + 1)..<end].joined())
        } catch {
            throw KeyError(.invalidKeyFile, "PEM body is not valid base64")
        }
        defer { Sodium.memzero(&der) }
        var seed = try DERPrivateKeyInfo.ed25519Seed(der)
        defer { Sodium.memzero(&seed) }
        return try PrivateKey(seed: seed)
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(self.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" }).reversed())
    }
}

extension Multibase {
    /// Decodes standard base64 with optional padding (PEM bodies).
    fileprivate func decodeStandardBase64(_ text: String) throws(MultiformatsError) -> [UInt8] {
        var body = Substring(text)
        while body.last == "=" { body = body.dropLast() }
        return try Multibase.base64.decodeBare(body)
    }
}
