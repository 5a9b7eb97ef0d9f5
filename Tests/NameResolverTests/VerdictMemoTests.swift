import Foundation
import NameKeys
import NameRecord
import NameStore
import Synchronization
import Testing
@testable import NameResolver

/// A source whose candidates can be swapped between resolutions.
final class SwappableSource: RecordSource {
    let identity = EndpointIdentity(kind: "dht", endpoint: "swappable")
    private let current = Mutex<[[UInt8]]>([])
    func serve(_ candidates: [[UInt8]]) { current.withLock { $0 = candidates } }
    func candidates(for name: Name) async throws -> [[UInt8]] { current.withLock { $0 } }
}

/// The resolver validates each stored record version once and remembers the verdict by content
/// hash: a remembered record is still refused past its EOL or below the highest sequence seen, and
/// any other byte string (a tampered copy, another name's claim) is validated in full.
struct VerdictMemoTests {
    let key = try! PrivateKey(seed: [UInt8](repeating: 61, count: 32))
    let other = try! PrivateKey(seed: [UInt8](repeating: 62, count: 32))
    let memo = VerdictMemo(validator: .standard, limit: 1 << 20)

    func record(_ sequence: UInt64, eol: Timestamp, value: String = "/ipfs/bafkqaddwgevxmmraojswg33smq") -> NameRecord.Record {
        try! NameRecord.Record.create(key: key, value: Array(value.utf8), sequence: sequence, validity: eol, ttl: 1)
    }

    /// `bytes` with the last byte of signatureV2 flipped: still a well-formed record.
    func tampered(_ record: NameRecord.Record) -> [UInt8] {
        var bytes = record.bytes
        let signature = record.entry.signatureV2!
        let at = bytes.firstRange(of: signature)!.upperBound - 1
        bytes[at] ^= 0x01
        return bytes
    }

    @Test func aRememberedRecordIsRefusedOnceItHasExpired() throws {
        let start = Timestamp.now()
        let eol = start.adding(nanoseconds: 60_000_000_000)
        let r = record(1, eol: eol)
        let first = try memo.validate(bytes: r.bytes, in: ValidationContext(name: key.name, now: start))
        #expect(first.bytes == r.bytes)
        #expect(memo.count == 1)
        // Still valid a second before EOL: answered from the memo.
        let before = Timestamp(seconds: eol.seconds - 1)
        #expect(try memo.validate(bytes: r.bytes, in: ValidationContext(name: key.name, now: before)).bytes == r.bytes)
        #expect(memo.count == 1)
        // At and after EOL the same bytes are refused, with the validator's own error.
        for now in [eol, Timestamp(seconds: eol.seconds + 3600)] {
            #expect(throws: RecordError(.expired, "")) {
                try memo.validate(bytes: r.bytes, in: ValidationContext(name: key.name, now: now))
            }
        }
    }

    @Test func aRememberedRecordIsRefusedBelowTheHighestSequenceSeen() throws {
        let r = record(4, eol: Timestamp.now().adding(nanoseconds: 3_600_000_000_000))
        _ = try memo.validate(bytes: r.bytes, in: ValidationContext(name: key.name, highestSeenSequence: 4))
        #expect(throws: RecordError(.rollback, "")) {
            try memo.validate(bytes: r.bytes, in: ValidationContext(name: key.name, highestSeenSequence: 5))
        }
    }

    @Test func tamperedBytesAreValidatedAgainAndRefused() throws {
        let r = record(1, eol: Timestamp.now().adding(nanoseconds: 3_600_000_000_000))
        _ = try memo.validate(bytes: r.bytes, in: ValidationContext(name: key.name))
        let bad = tampered(r)
        #expect(try NameRecord.Record(bytes: bad).sequence == 1, "the tampered copy still decodes")
        #expect(throws: RecordError(.signatureV2Invalid, "")) {
            try memo.validate(bytes: bad, in: ValidationContext(name: key.name))
        }
        #expect(memo.count == 1, "a refused byte string is not remembered")
        // The genuine bytes still pass, and for their own name only.
        #expect(try memo.validate(bytes: r.bytes, in: ValidationContext(name: key.name)).name == key.name)
        #expect(throws: RecordError.self) { try memo.validate(bytes: r.bytes, in: ValidationContext(name: other.name)) }
    }

    @Test func aMemoOfNoBytesRemembersNothingAndStillValidates() throws {
        let off = VerdictMemo(validator: .standard, limit: 0)
        let r = record(1, eol: Timestamp.now().adding(nanoseconds: 3_600_000_000_000))
        #expect(try off.validate(bytes: r.bytes, in: ValidationContext(name: key.name)).sequence == 1)
        #expect(off.count == 0)
        #expect(throws: RecordError(.signatureV2Invalid, "")) { try off.validate(bytes: tampered(r), in: ValidationContext(name: key.name)) }
    }

    @Test func eachStoredVersionIsValidatedOnceAcrossUncachedResolutions() async throws {
        let store = try NameResolverTests.store()
        let publisher = NamePublisher(store: store)
        _ = try publisher.publish(key: key, value: "/ipfs/bafkqaddwgevxmmraojswg33smq")
        var config = ResolverConfiguration(store: store)
        config.useCache = false
        let resolver = NameResolver(config)
        for _ in 0..<5 { #expect(try await resolver.resolve(key.name.path).sequence == 0) }
        #expect(resolver.rememberedVerdicts == 1)
        _ = try publisher.publish(key: key, value: "/ipfs/bafkqaddwgevxmmraojswg33smq/v2")
        for _ in 0..<5 { #expect(try await resolver.resolve(key.name.path).value == "/ipfs/bafkqaddwgevxmmraojswg33smq/v2") }
        #expect(resolver.rememberedVerdicts == 2)
    }

    @Test func anUncachedResolutionRefusesARememberedStoredRecordPastItsEOL() async throws {
        let store = try NameResolverTests.store()
        let eol = Timestamp.now().adding(nanoseconds: 1_500_000_000)
        let r = record(1, eol: eol)
        try store.put(try RecordValidator.standard.validate(r, for: key.name), source: "local")
        var config = ResolverConfiguration(store: store)
        config.useCache = false
        let resolver = NameResolver(config)
        #expect(try await resolver.resolve(key.name.path).value == "/ipfs/bafkqaddwgevxmmraojswg33smq")
        #expect(resolver.rememberedVerdicts == 1)
        while Timestamp.now() < eol { try await Task.sleep(nanoseconds: 100_000_000) }
        let error = await #expect(throws: ResolveError.self) { try await resolver.resolve(key.name.path) }
        #expect(error?.code == .expired)
    }

    @Test func aTamperedCopyOfARememberedRecordIsRefusedByTheResolver() async throws {
        let store = try NameResolverTests.store()
        let source = SwappableSource()
        var config = ResolverConfiguration(store: store, sources: [source])
        config.useCache = false
        let resolver = NameResolver(config)
        let r = record(1, eol: Timestamp.now().adding(nanoseconds: 3_600_000_000_000))
        source.serve([r.bytes])
        #expect(try await resolver.resolve(key.name.path).sequence == 1)
        source.serve([tampered(r)])
        let error = await #expect(throws: ResolveError.self) { try await resolver.resolve(key.name.path) }
        #expect(error?.code == .validationFailed)
        #expect(error?.recordError?.code == .signatureV2Invalid)
    }
}
