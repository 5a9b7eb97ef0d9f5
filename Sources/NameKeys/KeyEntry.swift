/// What the keystore knows about a key without decrypting it.
public struct KeyEntry: Sendable, Hashable {
    /// The user's label (the file name without `.key`).
    public let label: String
    /// The name the key controls.
    public let name: Name
    /// Creation time, seconds since the Unix epoch.
    public let created: Int64
    /// Whether the key is encrypted at rest.
    public let encrypted: Bool
}
