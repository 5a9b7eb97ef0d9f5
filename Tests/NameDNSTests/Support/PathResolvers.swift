import NameKeys
import NameRecord
import NameDNS
import NameResolver

/// A `NameResolver` whose only ways out are DNS (domain hops, DNS-carried records) and `sources`.
func dnsPathResolver(_ resolver: StubResolver, anchor: TrustAnchor? = nil, sources: [any RecordSource] = [],
                     timeout: Double = 15) -> NameResolver {
    var config = ResolverConfiguration(store: nil, sources: sources)
    config.dns = DNSSource(resolver: resolver, anchor: anchor)
    config.useCache = false
    config.timeout = timeout
    return NameResolver(config)
}

/// A source that answers with fixed records, as another server of some kind would.
struct FixedRecordSource: RecordSource {
    let identity: EndpointIdentity
    let records: [Record]

    init(kind: String, endpoint: String = "fixed", records: [Record]) {
        identity = EndpointIdentity(kind: kind, endpoint: endpoint)
        self.records = records
    }

    func candidates(for name: Name) async throws -> [[UInt8]] { records.map(\.bytes) }
}
