#if canImport(Glibc)
import Glibc
private let systemRead = Glibc.read
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
private let systemWrite = Darwin.write
#endif

/// Crash-safe file writes: temp file in the same directory, `fsync`, `rename` (or `link` when the
/// target must not exist yet), then `fsync` of the directory. A kill at any moment leaves either
/// the old file or the new one, never a torn or missing file.
public enum AtomicFile {
    /// Why an atomic write failed.
    public struct WriteError: Error, CustomStringConvertible, Sendable {
        /// The path involved.
        public let path: String
        /// The failing step and `strerror` text.
        public let reason: String
        /// `errno` of the failing call.
        public let errno: Int32
        public var description: String { "\(path): \(reason)" }
    }

    /// Writes `bytes` to `path` with `mode`, replacing any existing file atomically.
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600) throws(WriteError) {
        try write(bytes, to: path, mode: mode, replace: true)
    }

    /// Writes `bytes` to `path` only if nothing exists there yet (atomic create-new).
    /// - Throws: `WriteError` with `errno == EEXIST` when the file exists.
    public static func create(_ bytes: [UInt8], at path: String, mode: mode_t = 0o600) throws(WriteError) {
        try write(bytes, to: path, mode: mode, replace: false)
    }

    private static func write(_ bytes: [UInt8], to path: String, mode: mode_t, replace: Bool) throws(WriteError) {
        let dir = directory(of: path)
        let temp = "\(dir)/.\(baseName(of: path)).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw failure(temp, "create temp file") }
        var ok = false
        defer {
            if !ok { unlink(temp) }
        }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { buf in systemWrite(fd, buf.baseAddress! + written, buf.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                let error = failure(temp, "write")
                close(fd)
                throw error
            }
            written += n
        }
        if fchmod(fd, mode) != 0 || fsync(fd) != 0 {
            let error = failure(temp, "fsync")
            close(fd)
            throw error
        }
        close(fd)
        if replace {
            guard rename(temp, path) == 0 else { throw failure(path, "rename") }
        } else {
            guard link(temp, path) == 0 else { throw failure(path, "create") }
            unlink(temp)
        }
        ok = true
        syncDirectory(dir)
    }

    /// `fsync` a directory so a rename or unlink in it is durable.
    public static func syncDirectory(_ dir: String) {
        let dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
    }

    /// Creates `path` (and parents) with `mode` if missing, and tightens its mode if it exists.
    public static func ensureDirectory(_ path: String, mode: mode_t = 0o700) throws(WriteError) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, mode) != 0 && errno != EEXIST { throw failure(current, "mkdir") }
        }
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else { throw failure(path, "not a directory") }
        if st.st_mode & 0o777 != mode, chmod(path, mode) != 0 { throw failure(path, "chmod") }
    }

    /// Reads a whole file, or `nil` when it does not exist.
    public static func read(_ path: String, limit: Int = 1 << 20) throws(WriteError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw failure(path, "open")
        }
        defer { close(fd) }
        var out = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(path, "read")
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
            if out.count > limit { throw WriteError(path: path, reason: "file larger than \(limit) bytes", errno: EFBIG) }
        }
        return out
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func baseName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    private static func failure(_ path: String, _ step: String) -> WriteError {
        let code = errno
        return WriteError(path: path, reason: "\(step) failed: \(String(cString: strerror(code)))", errno: code)
    }
}
