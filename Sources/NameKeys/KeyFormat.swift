/// Key file formats, named as Kubo's `ipfs key export --format` names them.
public enum KeyFormat: String, CaseIterable, Sendable {
    /// The libp2p `PrivateKey` protobuf, binary (Kubo's default export format).
    case libp2pProtobuf = "libp2p-protobuf-cleartext"
    /// PKCS#8 `PRIVATE KEY` in PEM armour (RFC 8410 for Ed25519).
    case pemPKCS8 = "pem-pkcs8-cleartext"
}
