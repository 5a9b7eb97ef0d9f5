import Sodium

/// How a key file is (or is to be) protected at rest.
public enum Passphrase: Sendable {
    /// No encryption (`--insecure-no-passphrase`): for tests and CI only.
    case insecureNone
    /// Argon2id-derived key from these passphrase bytes (wiped when released).
    case secret(SecretBytes)

    /// A passphrase from text; the caller's copy is the caller's to drop.
    public static func text(_ s: String) -> Passphrase {
        var bytes = Array(s.utf8)
        return .secret(SecretBytes(consuming: &bytes))
    }
}
