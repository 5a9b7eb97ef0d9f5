#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads small text files (resolv.conf, trust anchors, TSIG key files) without Foundation.
enum FileText {
    /// The largest file read (these are all tiny configuration files).
    static let limit = 1 << 20

    /// The file's contents as UTF-8 text.
    /// - Throws: `fileUnreadable`.
    static func read(_ path: String) throws(DNSError) -> String {
        guard let file = fopen(path, "rb") else {
            throw DNSError(.fileUnreadable, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
            if bytes.count > limit { throw DNSError(.fileUnreadable, "\(path) is larger than \(limit) bytes") }
            if n < buffer.count {
                if ferror(file) != 0 { throw DNSError(.fileUnreadable, "error reading \(path)") }
                break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
