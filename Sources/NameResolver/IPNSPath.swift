import Multiformats
import NameKeys

/// A parsed content path: `/ipns/<name|domain>[/rest]`, `/ipfs/<cid>[/rest]`, a bare name, or a bare CID.
public struct IPNSPath: Sendable, Equatable, CustomStringConvertible {
    /// What the path starts at.
    public enum Root: Sendable, Equatable {
        /// A self-certifying name.
        case name(Name)
        /// A DNS name (resolved through DNSLink).
        case domain(String)
        /// Immutable content.
        case cid(CID)
    }

    /// The root.
    public let root: Root
    /// The remaining path segments after the root, without leading slash (may be empty).
    public let remainder: [String]

    /// Makes a path.
    public init(root: Root, remainder: [String] = []) {
        self.root = root
        self.remainder = remainder
    }

    /// The longest CID text accepted after `/ipfs/`; longer text is refused before base decoding
    /// (base36/base58 decoding is quadratic in length). Names have their own bound, `Name.maxTextLength`.
    public static let maxCIDTextLength = 1024

    /// Parses user input. Empty segments are dropped (`a//b` is `a/b`); the segments `.` and `..` are
    /// refused rather than cleaned, so a path always means what it says and cannot climb above its root.
    /// - Throws: `invalidPath` with the reason (malformed name, malformed CID, unknown namespace,
    ///   `.` or `..` segment).
    public init(_ text: String) throws(ResolveError) {
        var segments = text.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard !segments.isEmpty else { throw ResolveError(.invalidPath, "empty path") }
        if let dots = segments.first(where: { $0 == "." || $0 == ".." }) {
            throw ResolveError(.invalidPath, "path segment '\(dots)' is not allowed (paths are not cleaned): '\(text)'")
        }
        if text.hasPrefix("/") {
            let namespace = segments.removeFirst()
            guard let rootText = segments.first else { throw ResolveError(.invalidPath, "'\(text)' has no identifier after /\(namespace)/") }
            segments.removeFirst()
            switch namespace {
            case "ipns": self.init(root: try IPNSPath.ipnsRoot(rootText), remainder: segments)
            case "ipfs": self.init(root: .cid(try IPNSPath.cid(rootText)), remainder: segments)
            default: throw ResolveError(.invalidPath, "unknown namespace '/\(namespace)/' (expected /ipns/ or /ipfs/)")
            }
        } else {
            let first = segments.removeFirst()
            self.init(root: try IPNSPath.ipnsRoot(first), remainder: segments)
        }
    }

    /// Parses what follows `/ipns/`: a name, or a DNS name when it contains a dot and is not a name.
    static func ipnsRoot(_ text: String) throws(ResolveError) -> Root {
        do {
            return .name(try Name(text))
        } catch {
            if text.contains("."), IPNSPath.isPlausibleDomain(text) { return .domain(text) }
            throw ResolveError(.invalidPath, error.reason)
        }
    }

    static func cid(_ text: String) throws(ResolveError) -> CID {
        guard text.utf8.count <= maxCIDTextLength else {
            throw ResolveError(.invalidPath, "'\(text.prefix(16))…' (\(text.utf8.count) characters) is longer than any CID namectl accepts (\(maxCIDTextLength))")
        }
        do { return try CID(text) } catch { throw ResolveError(.invalidPath, "'\(text)' is not a valid CID: \(error.reason)") }
    }

    static func isPlausibleDomain(_ text: String) -> Bool {
        text.utf8.count <= 253 && text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && label.utf8.allSatisfy { c in
                (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == 0x2d || c == 0x5f
            }
        }
    }

    /// The canonical text form.
    public var description: String {
        let head: String
        switch root {
        case .name(let n): head = n.path
        case .domain(let d): head = "/ipns/" + d
        case .cid(let c): head = "/ipfs/" + c.description
        }
        return remainder.isEmpty ? head : head + "/" + remainder.joined(separator: "/")
    }

    /// Parses a publishable value: `/ipfs/<cid>…`, `/ipns/<name|domain>…`, or a bare CID meaning
    /// `/ipfs/<cid>`. The CID or name is validated; the result is the canonical path text.
    public static func publishValue(_ text: String) throws(ResolveError) -> String {
        if text.hasPrefix("/") { return try IPNSPath(text).description }
        return IPNSPath(root: .cid(try cid(text))).description
    }
}
