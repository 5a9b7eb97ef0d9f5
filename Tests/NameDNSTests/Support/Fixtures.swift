import Multiformats
import NameDNS
import NameKeys
import NameRecord

enum Fixtures {
    /// A deterministic test key (never for real use).
    static let key = try! PrivateKey(seed: Array(repeating: 7, count: 32))
    static let otherKey = try! PrivateKey(seed: Array(repeating: 9, count: 32))

    /// A CIDv1 (raw, sha2-256 of `seed`), base32 text.
    static func cid(_ seed: UInt8) -> String {
        CID(codec: CID.raw, multihash: try! Multihash(code: Multihash.sha2_256, digest: Array(repeating: seed, count: 32))).description
    }

    /// A record valid for 48 hours.
    static func record(_ key: PrivateKey = key, value: String, sequence: UInt64 = 1, hoursValid: Int64 = 48) -> Record {
        try! Record.create(key: key, value: Array(value.utf8), sequence: sequence,
                      validity: Timestamp(seconds: Timestamp.now().seconds + hoursValid * 3600), ttl: 3_600_000_000_000)
    }

    static func resolver(_ port: UInt16, timeout: Duration = .seconds(1), attempts: Int = 1) -> StubResolver {
        StubResolver(configuration: DNSResolverConfiguration(servers: [try! DNSServerAddress(host: "127.0.0.1", port: port)],
                                                             timeout: timeout, attempts: attempts, recursionDesired: false))
    }
}
