/// A TSIG key (RFC 8945): name, algorithm, and base64 shared secret.
public struct TSIGKey: Hashable, Sendable {
    /// The algorithms accepted (names as in nsupdate/knsupdate).
    public static let algorithms = ["hmac-md5", "hmac-sha1", "hmac-sha224", "hmac-sha256", "hmac-sha384", "hmac-sha512"]

    /// The key name, fully qualified (`update-key.`).
    public let name: String
    /// The algorithm, e.g. `hmac-sha256`.
    public let algorithm: String
    /// The shared secret, base64.
    public let secret: String

    /// Makes a key.
    /// - Throws: `invalidTSIG` for an unknown algorithm, an empty name, or a secret that is not base64.
    public init(name: String, secret: String, algorithm: String = "hmac-sha256") throws(DNSError) {
        let algorithm = algorithm.lowercased()
        guard TSIGKey.algorithms.contains(algorithm) else {
            throw DNSError(.invalidTSIG, "unsupported TSIG algorithm '\(algorithm)' (use one of \(TSIGKey.algorithms.joined(separator: ", ")))")
        }
        guard !name.isEmpty, name != "." else { throw DNSError(.invalidTSIG, "empty TSIG key name") }
        let base64 = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=".utf8)
        guard !secret.isEmpty, secret.utf8.allSatisfy(base64.contains) else {
            throw DNSError(.invalidTSIG, "TSIG secret is not base64")
        }
        self.name = name.hasSuffix(".") ? name : name + "."
        self.algorithm = algorithm
        self.secret = secret
    }

    /// Parses the `-y` convention of nsupdate/knsupdate: `[alg:]name:secret` (default hmac-sha256).
    /// - Throws: `invalidTSIG`.
    public init(parsing spec: String) throws(DNSError) {
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 2: try self.init(name: parts[0], secret: parts[1])
        case 3: try self.init(name: parts[1], secret: parts[2], algorithm: parts[0])
        default: throw DNSError(.invalidTSIG, "TSIG key must be [alg:]name:secret")
        }
    }

    /// Reads a key file: either one `[alg:]name:secret` line, or a BIND/Knot-style
    /// `key "name" { algorithm hmac-sha256; secret "…"; };` block (as `tsig-keygen` writes).
    /// - Throws: `fileUnreadable`, `invalidTSIG`.
    public init(file path: String) throws(DNSError) {
        try self.init(fileContents: try FileText.read(path))
    }

    /// Parses the contents of a key file (see `init(file:)`).
    /// - Throws: `invalidTSIG`.
    public init(fileContents text: String) throws(DNSError) {
        let trimmed = text.split(whereSeparator: \.isNewline).map { $0.trimmingSpaces }.filter { !$0.isEmpty && !$0.hasPrefix("#") && !$0.hasPrefix("//") }
        if trimmed.count == 1, !trimmed[0].hasPrefix("key") {
            try self.init(parsing: trimmed[0])
            return
        }
        let joined = trimmed.joined(separator: " ")
        func quoted(after keyword: String) -> String? {
            guard let range = joined.firstRange(of: keyword) else { return nil }
            let rest = joined[range.upperBound...].drop { $0 == " " }
            if rest.first == "\"" {
                let body = rest.dropFirst()
                return body.firstIndex(of: "\"").map { String(body[..<$0]) }
            }
            return rest.prefix { $0 != ";" && $0 != " " && $0 != "{" }.description
        }
        guard joined.hasPrefix("key"), let name = quoted(after: "key "), let algorithm = quoted(after: "algorithm "),
              let secret = quoted(after: "secret ") else {
            throw DNSError(.invalidTSIG, "TSIG key file holds neither [alg:]name:secret nor a key { algorithm …; secret …; } block")
        }
        try self.init(name: name, secret: secret, algorithm: algorithm)
    }

    /// The algorithm as a domain name, as TSIG carries it (`hmac-sha256.`).
    public var algorithmName: String { algorithm + "." }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
    }
}
