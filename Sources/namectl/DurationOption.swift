import ArgumentParser
import NameResolver

/// The value of a time flag (`--timeout 2s`, `--lifetime 48h`, `--ttl 300`): a Go duration, a plain
/// number meaning seconds, checked against the flag's range by `GoDuration` (the daemon config uses the
/// same parser and ranges). Out-of-range or malformed values are usage errors (exit 2).
struct DurationOption: CustomStringConvertible, Sendable {
    /// The duration in nanoseconds.
    let nanoseconds: UInt64
    private let text: String

    init(nanoseconds: UInt64, text: String) {
        self.nanoseconds = nanoseconds
        self.text = text
    }

    /// The duration in seconds.
    var seconds: Double { Double(nanoseconds) / Double(GoDuration.second) }

    var description: String { text }

    /// A parser for `@Option(transform:)` that accepts durations in `range`; with `wholeSeconds`,
    /// only whole seconds (DNS TTLs).
    static func parser(_ range: ClosedRange<UInt64>, wholeSeconds: Bool = false) -> @Sendable (String) throws -> DurationOption {
        { text in
            guard let ns = GoDuration.parse(text, in: range) else { throw ValidationError(GoDuration.problem(text, in: range)) }
            guard !wholeSeconds || ns % GoDuration.second == 0 else { throw ValidationError("'\(text)' is not a whole number of seconds") }
            return DurationOption(nanoseconds: ns, text: text)
        }
    }
}
