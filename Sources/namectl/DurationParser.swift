import ArgumentParser
import NameResolver

/// A Go-style duration (`48h`, `1h30m`, `90s`, `500ms`, `2d`), stored in nanoseconds.
struct Duration: ExpressibleByArgument, CustomStringConvertible {
    let nanoseconds: UInt64
    private let text: String

    init?(argument: String) {
        guard let ns = Duration.parse(argument) else { return nil }
        nanoseconds = ns
        text = argument
    }

    init(nanoseconds: UInt64, text: String) {
        self.nanoseconds = nanoseconds
        self.text = text
    }

    var description: String { text }
    var defaultValueDescription: String { text }

    static func parse(_ s: String) -> UInt64? { GoDuration.parse(s) }
}
