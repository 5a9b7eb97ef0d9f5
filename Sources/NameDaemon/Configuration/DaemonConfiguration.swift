import Foundation
import NameResolver
import Yams

/// `namectl daemon` settings, from a YAML file and/or flags. Every key can be given either way
/// (`idle-timeout: 30s` in YAML is `--idle-timeout 30s` on the command line), and every value is
/// range-checked: a time given as `0`, `inf`, `1e11` or `300y` is a clear error, never a trap.
///
/// Times take Go durations (`2s`, `5m`, `48h`, `1h30m`); a plain number is seconds.
///
/// ```yaml
/// listen: 127.0.0.1:8080
/// republish-interval: 4h
/// lifetime: 48h
/// ttl: 1h
/// idle-timeout: 30s
/// max-connections: 1024
/// put-rate: 10
/// max-names: 100000
/// cache-size: 64MiB
/// resolve-timeout: 15s
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
    /// Seconds a connection may spend without sending a complete request head (idle keep-alive or a
    /// client trickling its headers) before it is closed.
    public var idleTimeout: Double = 30
    /// Seconds a request body may take to arrive once its head is in.
    public var readTimeout: Double = 10
    /// Open connections at most; at the cap the connection idle the longest makes room for a new one.
    public var maxConnections = 1024
    /// Sustained PUTs per second allowed from one client address.
    public var putRate: Double = 10
    /// PUTs one client address may send in a burst above `putRate`.
    public var putBurst = 20
    /// Names the daemon stores at most; a PUT for a further name gets 429.
    public var maxNames = 100_000
    /// Bytes of pre-encoded responses kept in memory for the hot routes.
    public var cacheBytes = 64 << 20
    /// Seconds one resolution may take, every hop and source included; past it a request gets 504.
    public var resolveTimeout: Double = 15

    /// Defaults: 127.0.0.1:8080, republish every 4 h with 48 h lifetime and 1 h TTL.
    public init() {}

    /// Why a configuration could not be read.
    public struct Invalid: Error, CustomStringConvertible, Sendable {
        /// What is wrong, naming the key.
        public let description: String
    }

    /// The keys `set(_:_:)` and YAML files accept.
    public static let keys = ["listen", "republish-interval", "lifetime", "ttl", "republish", "threads", "idle-timeout",
                              "read-timeout", "max-connections", "put-rate", "put-burst", "max-names", "cache-size", "resolve-timeout"]

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

    /// Sets one key from its text form (a flag value or a YAML scalar).
    /// - Throws: `Invalid` naming the key when the key is unknown or the value malformed or out of range.
    public mutating func set(_ key: String, _ text: String) throws(Invalid) {
        let year = 365.0 * 86400
        switch key {
        case "listen": try setListen(text)
        case "republish-interval": republishInterval = try Self.seconds(key, text, in: 1...year)
        case "lifetime": lifetime = UInt64(try Self.seconds(key, text, in: 1...(100 * year)) * 1e9)
        case "ttl": ttl = UInt64(try Self.seconds(key, text, in: 0...(100 * year)) * 1e9)
        case "republish": republish = try Self.bool(key, text)
        case "threads": threads = try Self.integer(key, text, in: 1...256)
        case "idle-timeout": idleTimeout = try Self.seconds(key, text, in: 0.05...86400)
        case "read-timeout": readTimeout = try Self.seconds(key, text, in: 0.05...3600)
        case "max-connections": maxConnections = try Self.integer(key, text, in: 1...1_000_000)
        case "put-rate": putRate = try Self.number(key, text, in: 0.001...1_000_000)
        case "put-burst": putBurst = try Self.integer(key, text, in: 1...1_000_000)
        case "max-names": maxNames = try Self.integer(key, text, in: 1...100_000_000)
        case "cache-size": cacheBytes = try Self.byteCount(key, text, in: (64 << 10)...(64 << 30))
        case "resolve-timeout": resolveTimeout = try Self.seconds(key, text, in: 0.001...3600)
        default: throw Invalid(description: "unknown config key '\(key)' (known: \(Self.keys.joined(separator: ", ")))")
        }
    }

    /// Checks the settings against each other (a republish interval no shorter than the lifetime
    /// would let names expire between passes).
    public func validated() throws(Invalid) -> DaemonConfiguration {
        guard republishInterval * 1e9 < Double(lifetime) else {
            throw Invalid(description: "republish-interval must be shorter than lifetime (records would expire between republishes)")
        }
        return self
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
        for (key, value) in map.sorted(by: { $0.key < $1.key }) {
            guard value is String || value is Int || value is Double || value is Bool else {
                throw Invalid(description: "\(key) must be a single value")
            }
            try config.set(key, "\(value)")
        }
        return try config.validated()
    }

    /// A time: Go duration (`2s`, `5m`, `48h`) or a plain number of seconds, within `range` seconds.
    static func seconds(_ key: String, _ text: String, in range: ClosedRange<Double>) throws(Invalid) -> Double {
        let value: Double
        if let plain = Double(text) {
            value = plain
        } else if let ns = GoDuration.parse(text) {
            value = Double(ns) / 1e9
        } else {
            throw Invalid(description: "\(key) '\(text)' is not a duration (e.g. 30s, 5m, 48h, or a number of seconds)")
        }
        guard value.isFinite, range.contains(value) else {
            throw Invalid(description: "\(key) '\(text)' is out of range (\(describe(range.lowerBound)) … \(describe(range.upperBound)))")
        }
        return value
    }

    static func number(_ key: String, _ text: String, in range: ClosedRange<Double>) throws(Invalid) -> Double {
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw Invalid(description: "\(key) '\(text)' must be a number in \(range.lowerBound) … \(range.upperBound)")
        }
        return value
    }

    static func integer(_ key: String, _ text: String, in range: ClosedRange<Int>) throws(Invalid) -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw Invalid(description: "\(key) '\(text)' must be a whole number in \(range.lowerBound) … \(range.upperBound)")
        }
        return value
    }

    static func bool(_ key: String, _ text: String) throws(Invalid) -> Bool {
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw Invalid(description: "\(key) must be true or false")
        }
    }

    /// Bytes: a whole number with an optional `KiB`, `MiB` or `GiB` suffix.
    static func byteCount(_ key: String, _ text: String, in range: ClosedRange<Int>) throws(Invalid) -> Int {
        let units: [(String, Int)] = [("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("", 1)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            guard let n = Int(text.dropLast(suffix.count)), n >= 0 else { continue }
            let (bytes, overflow) = n.multipliedReportingOverflow(by: scale)
            if !overflow, range.contains(bytes) { return bytes }
            break
        }
        throw Invalid(description: "\(key) '\(text)' must be a size in \(range.lowerBound >> 10)KiB … \(range.upperBound >> 30)GiB (e.g. 64MiB)")
    }

    private static func describe(_ seconds: Double) -> String {
        switch seconds {
        case 0: return "0s"
        case ..<1: return "\(Int(seconds * 1000))ms"
        case ..<86400: return "\(Int(seconds))s"
        default: return "\(Int(seconds / 86400))d"
        }
    }
}
