import NameStore

/// How a `NameResolver` resolves.
public struct ResolverConfiguration: Sendable {
    /// The local store: consulted for highest-seen sequences (rollback protection) and updated with
    /// valid records found by other sources. `nil` runs without persistence.
    public var store: NameStore?
    /// Where candidate records come from. Defaults to the local store when one is given.
    public var sources: [any RecordSource]
    /// Maximum number of `/ipns/` and DNSLink hops (Kubo uses 32).
    public var maxDepth: Int = 32
    /// Resolves DNS names through DNSLink; the signed records it finds beside a link enter the next
    /// hop's race as candidates. `nil`: DNS names are not resolvable.
    public var dns: DNSSource?
    /// Whether results are cached in memory for min(TTL, time to EOL).
    public var useCache: Bool = true
    /// Serve a cached record past its TTL (but never past EOL) while refreshing it in the background.
    public var staleWhileRevalidate: Bool = true
    /// How long one source may take, in seconds.
    public var perSourceTimeout: Double = 5
    /// After the first valid answer, how long to keep listening for a higher sequence, in seconds.
    public var graceWindow: Double = 0.2
    /// Deadline for a whole resolution (every hop, race and DNS lookup), in seconds.
    public var timeout: Double = 15
    /// How many candidate bytes one resolution may take in, across hops and sources.
    public var maxCandidateBytes: Int = 4 << 20
    /// Bytes the in-memory record cache may hold.
    public var recordCacheBytes: Int = 32 << 20
    /// Bytes the in-memory resolution (path) cache may hold.
    public var resolutionCacheBytes: Int = 32 << 20
    /// Bytes the memo of validation verdicts may hold (0 turns it off). A record's bytes, once
    /// validated for a name, are not decoded or signature-checked again until the record's EOL;
    /// expiry and rollback are still checked on every use. Independent of `useCache`: it never
    /// changes which record a resolution picks, only how much it costs to check it again.
    public var verdictMemoBytes: Int = 8 << 20
    /// Bytes the memo of private addresses (parsed, with their derived blinded names) may hold.
    public var privateAddressMemoBytes: Int = 1 << 20

    /// A configuration over a local store (its only source unless more are added).
    public init(store: NameStore?, sources: [any RecordSource]? = nil) {
        self.store = store
        self.sources = sources ?? (store.map { [LocalStoreSource(store: $0)] } ?? [])
    }
}
