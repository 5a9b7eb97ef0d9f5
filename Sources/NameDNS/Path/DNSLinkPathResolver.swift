import NameKeys
import NameRecord

/// Resolves `/ipns/<domain-or-name>/rest…` paths to their final `/ipfs/…` (or other namespace)
/// path, following DNSLink and IPNS names recursively, with a depth limit (32, as Kubo) and loop
/// detection. The remaining path is appended at each step.
///
/// IPNS names (`/ipns/k51…`) are resolved by a closure the caller supplies (the local store, DHT
/// and other sources live elsewhere). The closure also receives the signed record that DNS carried
/// for that name beside the DNSLink, already validated, so a caller with no other source can use
/// it (see `dnsRecordsOnly`).
///
/// Which link is followed when a domain has several: when DNS carries a valid signed record, the
/// `/ipns/<name>` it belongs to; otherwise the first `ipfs` identifier, then the first `ipns` one
/// (identifiers sorted as dnslink-std returns them).
public struct DNSLinkPathResolver: Sendable {
    /// Resolves an IPNS name to a path, given the validated record DNS carried for it (if any).
    public typealias NameResolver = @Sendable (_ name: Name, _ recordFromDNS: Record?) async throws -> String

    /// A `NameResolver` that only uses the record found in DNS: its value, or `noDNSLink` when DNS carried none.
    public static let dnsRecordsOnly: NameResolver = { name, record in
        guard let value = record?.value else {
            throw DNSError(.noDNSLink, "no signed record for \(name) was found in DNS and no other source is configured")
        }
        return String(decoding: value, as: UTF8.self)
    }

    /// The maximum number of `/ipns/` steps.
    public static let maxDepth = 32

    /// Looks up DNSLinks and the signed records beside them.
    public let records: SignedRecordResolver
    /// Resolves `/ipns/<name>` steps.
    public let resolveName: NameResolver
    /// Highest sequence seen per name, for rollback protection of DNS-carried records.
    public let highestSeenSequence: @Sendable (Name) -> UInt64?
    /// When set, every DNSLink answer on the way must not be DNSSEC-bogus. `records` must then be
    /// made with `requestDNSSEC: true` so that answers carry RRSIGs.
    public let dnssec: DNSSECValidator?

    /// Makes a path resolver.
    public init(records: SignedRecordResolver, dnssec: DNSSECValidator? = nil,
                highestSeenSequence: @escaping @Sendable (Name) -> UInt64? = { _ in nil },
                resolveName: @escaping NameResolver = DNSLinkPathResolver.dnsRecordsOnly) {
        self.records = records
        self.dnssec = dnssec
        self.resolveName = resolveName
        self.highestSeenSequence = highestSeenSequence
    }

    /// Resolves `path` to its final path.
    /// - Throws: `DNSError` (`invalidPath`, `recursionLimit`, `resolutionLoop`, `noDNSLink`,
    ///   `dnssecBogus`, lookup and record errors) or whatever `resolveName` throws.
    public func resolve(_ path: String) async throws -> String {
        var current = path
        var visited: Set<String> = []
        var fromDNS: [Name: Record] = [:]
        var steps = 0
        while true {
            let (namespace, identifier, rest) = try DNSLinkPathResolver.split(current)
            guard namespace == "ipns" else { return current }
            steps += 1
            guard steps <= DNSLinkPathResolver.maxDepth else {
                throw DNSError(.recursionLimit, "\(path) needs more than \(DNSLinkPathResolver.maxDepth) /ipns/ steps")
            }
            if let name = try? Name(identifier) {
                guard visited.insert(name.path).inserted else { throw DNSError(.resolutionLoop, "\(path) loops back to \(name.path)") }
                current = DNSLinkPathResolver.join(try await resolveName(name, fromDNS[name]), rest)
                continue
            }
            let domain = identifier.hasSuffix(".") ? String(identifier.dropLast()) : identifier
            guard visited.insert("/ipns/" + domain.lowercased()).inserted else {
                throw DNSError(.resolutionLoop, "\(path) loops back to /ipns/\(domain)")
            }
            let resolution = try await records.resolve(domain, highestSeenSequence: highestSeenSequence)
            if let dnssec { _ = try await dnssec.require(resolution.lookup) }
            let target: String
            if let name = resolution.name, let record = resolution.record {
                fromDNS[name] = record
                target = name.path
            } else if let link = resolution.lookup.result.links["ipfs"]?.first {
                target = "/ipfs/" + link.identifier
            } else if let link = resolution.lookup.result.links["ipns"]?.first {
                target = "/ipns/" + link.identifier
            } else {
                throw DNSError(.noDNSLink, "\(domain) has no valid dnslink=/ipfs/ or dnslink=/ipns/ entry")
            }
            current = DNSLinkPathResolver.join(target, rest)
        }
    }

    /// Splits `/ns/id/rest` into its parts (`rest` keeps its leading `/`, or is empty).
    static func split(_ path: String) throws(DNSError) -> (String, String, Substring) {
        let parts = path.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0].isEmpty, !parts[1].isEmpty, !parts[2].isEmpty else {
            throw DNSError(.invalidPath, "'\(path)' is not a /<namespace>/<identifier>[/path] path")
        }
        let tail = parts[2]
        if let slash = tail.firstIndex(of: "/") {
            return (String(parts[1]), String(tail[..<slash]), tail[slash...])
        }
        return (String(parts[1]), String(tail), "")
    }

    /// `base` followed by `rest`, without doubling the slash.
    static func join(_ base: String, _ rest: Substring) -> String {
        guard !rest.isEmpty else { return base }
        return base.hasSuffix("/") ? base + rest.dropFirst() : base + rest
    }
}
