import Foundation
import NameResolver
import Yams

/// `namectl daemon` settings, from a YAML file and/or flags.
///
/// ```yaml
/// listen: 127.0.0.1:8080
/// republish-interval: 4h
/// lifetime: 48h
/// ttl: 1h
/// ```
public struct DaemonConfiguration: Sendable, Equatable {
    /// Host to bind (loopback by default).
    public var host = "127.0.0.1"
    /// Port to bind (0: any free port; the bound one is printed when ready).
    public var port = 8080
    /// How often owned names are re-signed and foreign records re-put, in seconds.
    public var republishInterval: Double = 4 * 3600
    /// Lifetime of republished records, in nanoseconds.
    public var lifetime: UInt64 = 48 * 3_600_000_000_000
    /// TTL of republished records, in nanoseconds.
    public var ttl: UInt64 = 3_600_000_000_000
    /// Whether the republisher runs.
    public var republish = true
    /// Event-loop threads serving HTTP (`nil`: one per core).
    public var threads: Int?

    /// Defaults: 127.0.0.1:8080, republish every 4 h with 48 h lifetime and 1 h TTL.
    public init() {}

    /// Why a configuration could not be read.
    public struct Invalid: Error, CustomStringConvertible, Sendable {
        /// What is wrong, naming the key.
        public let description: String
    }

    /// Parses `host:port`.
    public mutating func setListen(_ text: String) throws(Invalid) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw Invalid(description: "listen address '\(text)' is not host:port")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw Invalid(description: "listen address '\(text)' has no host") }
        self.host = host
        self.port = port
    }

    /// Reads a YAML file over the defaults. Unknown keys are an error (a typo should not pass silently).
    public static func load(yaml text: String) throws(Invalid) -> DaemonConfiguration {
        var config = DaemonConfiguration()
        let node: Any?
        do { node = try Yams.load(yaml: text) } catch { throw Invalid(description: "config is not valid YAML: \(error)") }
        guard let map = node as? [String: Any] else {
            if node == nil { return config }
            throw Invalid(description: "config must be a YAML mapping")
        }
        for (key, value) in map {
            let text = "\(value)"
            switch key {
            case "listen": try config.setListen(text)
            case "republish-interval":
                config.republishInterval = try Double(duration(text, key: key, in: GoDuration.republishIntervalRange)) / Double(GoDuration.second)
            case "lifetime":
                config.lifetime = try duration(text, key: key, in: GoDuration.lifetimeRange)
            case "ttl":
                config.ttl = try duration(text, key: key, in: GoDuration.ttlRange)
            case "threads":
                guard let n = value as? Int, (1...256).contains(n) else { throw Invalid(description: "threads must be 1…256") }
                config.threads = n
            case "republish":
                guard let b = value as? Bool else { throw Invalid(description: "republish must be true or false") }
                config.republish = b
            default:
                throw Invalid(description: "unknown config key '\(key)'")
            }
        }
        return config
    }

    /// A Go duration (a plain number is seconds) within `range`, in nanoseconds.
    private static func duration(_ text: String, key: String, in range: ClosedRange<UInt64>) throws(Invalid) -> UInt64 {
        guard let ns = GoDuration.parse(text, in: range) else { throw Invalid(description: "\(key): \(GoDuration.problem(text, in: range))") }
        return ns
    }
}
