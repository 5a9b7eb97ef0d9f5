import Foundation
import NIOCore
import Synchronization

/// The `Date` header line for the current second (`Date: Wed, 02 Dec 2026 00:40:00 GMT\r\n`),
/// formatted once per second and shared by every connection.
enum HTTPDate {
    private static let current = Mutex<(second: Int64, line: ByteBuffer)>((-1, ByteBuffer()))

    /// The encoded header line for `second` (seconds since the Unix epoch).
    static func line(for second: Int64) -> ByteBuffer {
        current.withLock { cached in
            if cached.second == second { return cached.line }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
            let text = "Date: " + formatter.string(from: Date(timeIntervalSince1970: TimeInterval(second))) + "\r\n"
            cached = (second, ByteBuffer(string: text))
            return cached.line
        }
    }
}
