/// Per-call resolution options (the library form of `namectl resolve` flags).
public struct ResolveOptions: Sendable {
    /// Use only the local store.
    public var offline = false
    /// Bypass every cache (path and record) and ask the sources.
    public var noCache = false
    /// Restrict to sources of these kinds (`local`, `dht`, `http`…; `nil`: all configured sources).
    public var sources: Set<String>?
    /// Deadline for the whole resolution, in seconds (`nil`: the configuration's).
    public var timeout: Double?
    /// Wait for this many sources agreeing on the best record instead of the first valid answer.
    public var quorum: Int = 1
    /// Maximum `/ipns/` + DNSLink hops (`nil`: the configuration's).
    public var maxDepth: Int?

    /// Default options: all sources, caches on, first valid answer wins.
    public init(offline: Bool = false, noCache: Bool = false, sources: Set<String>? = nil, timeout: Double? = nil, quorum: Int = 1, maxDepth: Int? = nil) {
        self.offline = offline
        self.noCache = noCache
        self.sources = sources
        self.timeout = timeout
        self.quorum = quorum
        self.maxDepth = maxDepth
    }
}
