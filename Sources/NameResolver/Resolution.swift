import NameKeys
import NameRecord

/// The outcome of resolving a path.
public struct Resolution: Sendable, Equatable {
    /// The final path (`/ipfs/<cid>/…` or whatever the last record pointed to), with the remaining path appended.
    public let value: String
    /// The name whose record ended the chain (`nil` for a bare `/ipfs/` input).
    public let name: Name?
    /// That record's sequence.
    public let sequence: UInt64?
    /// That record's EOL.
    public let validity: Timestamp?
    /// That record's TTL in nanoseconds.
    public let ttl: UInt64?
    /// Where that record came from (`local`, `import`, `dns`, `dht`…, `cache`).
    public let source: EndpointIdentity?
    /// Every hop followed, first to last (`/ipns/a → /ipns/b → /ipfs/…`).
    public let hops: [String]
    /// DNSSEC status of the DNSLink answers followed (`secure`/`insecure`), when validated.
    public var dnssec: String? = nil

    /// The JSON object `namectl resolve --json` and the daemon's `GET /ipns/…` print.
    public var jsonObject: [String: Any] {
        var object: [String: Any] = ["value": value, "hops": hops]
        object["name"] = name?.description
        object["sequence"] = sequence
        object["validity"] = validity?.rfc3339
        object["ttl"] = ttl
        object["source"] = source?.jsonObject
        object["dnssec"] = dnssec
        return object
    }
}
