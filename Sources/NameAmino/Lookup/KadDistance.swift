import Sodium

/// Kademlia's keyspace as go-libp2p-kad-dht defines it: SHA-256 of the key (or of the peer ID's
/// bytes), compared by XOR distance.
enum KadDistance {
    /// The keyspace point of a key or peer ID.
    static func point(_ bytes: [UInt8]) -> [UInt8] { Sodium.sha256(bytes) }

    /// XOR of two points.
    static func xor(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] { zip(a, b).map { $0 ^ $1 } }

    /// Whether distance `a` is smaller than `b`.
    static func less(_ a: [UInt8], _ b: [UInt8]) -> Bool { a.lexicographicallyPrecedes(b) }
}
