import Foundation
import GRDB
import NameKeys
import NameRecord
import Synchronization

/// namectl's local state: one SQLite database (WAL mode) in the data directory, holding the current
/// record per name, the highest sequence ever seen per name (rollback protection that outlives the
/// record cache), and the publish history.
///
/// All writes run in IMMEDIATE transactions with a busy timeout, so concurrent `namectl` processes
/// serialise instead of failing or losing a publish.
public final class NameStore: Sendable {
    /// A `DatabasePool` (`.pool`) or a `DatabaseQueue` (`.single`), both in WAL mode.
    private let database: any DatabaseWriter
    /// The resolver's read connection (`lookup`), opened on first use: read-only, one cached
    /// statement, none of the pool's per-read bookkeeping.
    private let lookupConnection = Mutex<DatabaseQueue?>(nil)
    private let busyTimeout: TimeInterval
    /// The database file path.
    public let path: String

    /// Opens (creating and migrating if needed) the database at `path`. Opening an up-to-date
    /// database only reads it; the schema is written only when it is created or migrated.
    /// - Parameter sharing: `.pool` (default) for processes that read from many tasks at once,
    ///   `.single` for short commands.
    /// - Throws: `corruptDatabase` for a damaged or non-SQLite file, `io` when it cannot be created,
    ///   `unsupportedSchema` when a newer namectl wrote it.
    public init(path: String, busyTimeout: TimeInterval = 15, sharing: StoreSharing = .pool) throws(StoreError) {
        self.path = path
        self.busyTimeout = busyTimeout
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.label = "namectl"
        // The pool sets this on each of its connections; the single connection does the same.
        if sharing == .single { config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") } }
        // Switching a brand-new file to WAL takes an exclusive lock that SQLite's busy handler does
        // not wait for, so processes opening the database at the same moment retry the open itself.
        let deadline = Date().addingTimeInterval(busyTimeout)
        while true {
            do {
                database = try StoreSchema.open(path: path, configuration: config, sharing: sharing)
                return
            } catch where error.code == .busy && Date() < deadline {
                usleep(UInt32.random(in: 5_000...50_000))
            }
        }
    }

    static func map(_ error: any Error, path: String) -> StoreError {
        if let db = error as? DatabaseError {
            switch db.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                return StoreError(.corruptDatabase, "\(path) is not a valid namectl database (damaged or not SQLite); move it aside to start afresh")
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return StoreError(.busy, "\(path) is locked by another namectl process")
            case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_IOERR, .SQLITE_FULL, .SQLITE_AUTH:
                return StoreError(.io, "cannot write \(path): \(db.message ?? "\(db.resultCode)")")
            default:
                return StoreError(.io, "database error on \(path): \(db.message ?? "\(db.resultCode)")")
            }
        }
        return StoreError(.io, "database error on \(path): \(error)")
    }

    private func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try database.write(body) } catch let error as StoreError { throw error } catch { throw NameStore.map(error, path: path) }
    }

    private func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try database.read(body) } catch let error as StoreError { throw error } catch { throw NameStore.map(error, path: path) }
    }

    // MARK: Records

    /// The current record for `name`, if any. The record is returned as stored; callers validate
    /// (expiry in particular) at use time.
    public func record(for name: Name) throws(StoreError) -> StoredRecord? {
        try read { db in try NameStore.current(db, name) }
    }

    private static func current(_ db: Database, _ name: Name) throws -> StoredRecord? {
        guard let row = try Row.fetchOne(db, sql: "SELECT bytes, source, fetched_at FROM records WHERE name = ?", arguments: [name.description]) else {
            return nil
        }
        let bytes: Data = row["bytes"]
        guard let record = try? NameRecord.Record(bytes: Array(bytes)) else {
            throw StoreError(.corruptDatabase, "stored record for \(name) no longer decodes")
        }
        return StoredRecord(name: name, record: record, source: row["source"], fetchedAt: row["fetched_at"])
    }

    /// The current record's bytes and the highest sequence seen for `name`, for the resolver's read
    /// path: one cached prepared statement on a dedicated read-only connection, no decoding. A
    /// single SELECT runs in SQLite's implicit read transaction, so both values come from one
    /// consistent snapshot (WAL: the last commit of any process) without an explicit transaction.
    public func lookup(_ name: Name) throws(StoreError) -> RecordLookup {
        do {
            return try lookupConnection.withLock { connection in
                let queue = try connection ?? openLookupConnection()
                connection = queue
                return try queue.unsafeRead { db in
                    let statement = try db.cachedStatement(sql: NameStore.lookupSQL)
                    guard let row = try Row.fetchOne(statement, arguments: [name.description]) else {
                        return RecordLookup(bytes: nil, highestSeen: nil)
                    }
                    let bytes: Data? = row[0]
                    let highest: String? = row[1]
                    return RecordLookup(bytes: bytes.map { Array($0) }, highestSeen: highest.flatMap(SequenceText.decode))
                }
            }
        } catch {
            throw NameStore.map(error, path: path)
        }
    }

    private func openLookupConnection() throws -> DatabaseQueue {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(busyTimeout)
        config.label = "namectl.lookup"
        return try DatabaseQueue(path: path, configuration: config)
    }

    private static let lookupSQL = """
        SELECT (SELECT bytes FROM records WHERE name = ?1), (SELECT sequence FROM highest_seen WHERE name = ?1)
        """

    /// The highest sequence ever seen for `name` (from any source), if any.
    public func highestSeen(_ name: Name) throws(StoreError) -> UInt64? {
        try read { db in try NameStore.highest(db, name) }
    }

    private static func highest(_ db: Database, _ name: Name) throws -> UInt64? {
        try String.fetchOne(db, sql: "SELECT sequence FROM highest_seen WHERE name = ?", arguments: [name.description])
            .flatMap(SequenceText.decode)
    }

    /// Stores a verified record for its name if it beats what is held (IPNS selection order) and
    /// is not below the highest sequence ever seen. Raises the highest-seen mark.
    /// - Parameter source: where it came from (a source identity's text, `local`, `import`…).
    /// - Throws: `staleRecord` when the record would roll the name back; nothing is changed then.
    @discardableResult
    public func put(_ verified: VerifiedRecord, source: String) throws(StoreError) -> PutOutcome {
        try write { db in try NameStore.put(db, verified.record, verified.name, source) }
    }

    private static func put(_ db: Database, _ record: NameRecord.Record, _ name: Name, _ source: String) throws -> PutOutcome {
        let seq = record.sequence ?? 0
        if let seen = try highest(db, name), seq < seen {
            throw StoreError(.staleRecord, "record sequence \(seq) for \(name) is older than sequence \(seen) already seen; refused")
        }
        if let existing = try current(db, name) {
            if existing.record.bytes == record.bytes { return .unchanged }
            guard RecordSelection.isPreferred(record, over: existing.record) else {
                throw StoreError(.staleRecord, "a newer or equal record for \(name) is already held (sequence \(existing.record.sequence ?? 0)); refused sequence \(seq)")
            }
        }
        let now = Date().timeIntervalSince1970
        try db.execute(sql: """
            INSERT INTO records (name, sequence, validity, ttl, bytes, source, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(name) DO UPDATE SET sequence = excluded.sequence, validity = excluded.validity, ttl = excluded.ttl,
                bytes = excluded.bytes, source = excluded.source, fetched_at = excluded.fetched_at
            """, arguments: [name.description, SequenceText.encode(seq), record.validity?.rfc3339 ?? "",
                             String(record.ttl ?? 0), Data(record.bytes), source, now])
        try raiseHighest(db, name, seq, now)
        return .stored
    }

    private static func raiseHighest(_ db: Database, _ name: Name, _ seq: UInt64, _ now: Double) throws {
        try db.execute(sql: """
            INSERT INTO highest_seen (name, sequence, updated_at) VALUES (?, ?, ?)
            ON CONFLICT(name) DO UPDATE SET sequence = excluded.sequence, updated_at = excluded.updated_at
            WHERE excluded.sequence > highest_seen.sequence
            """, arguments: [name.description, SequenceText.encode(seq), now])
    }

    /// Records that `sequence` was seen for `name` (e.g. from a source whose record was not kept).
    public func noteSeen(_ name: Name, sequence: UInt64) throws(StoreError) {
        try write { db in try NameStore.raiseHighest(db, name, sequence, Date().timeIntervalSince1970) }
    }

    /// Deletes the cached record for `name` (the highest-seen mark stays, so rollback protection survives).
    public func forget(_ name: Name) throws(StoreError) {
        try write { db in try db.execute(sql: "DELETE FROM records WHERE name = ?", arguments: [name.description]) }
    }

    /// Every name with a current record.
    public func names() throws(StoreError) -> [Name] {
        try read { db in try String.fetchAll(db, sql: "SELECT name FROM records ORDER BY name").compactMap { try? Name($0) } }
    }

    /// Marks the publish of `sequence` for `name` in the history as confirmed by the transports in
    /// `reached` (empty: no transport confirmed it). The record and the highest-seen mark are never
    /// touched: a sequence, once signed, is never reused, because a transport that timed out may
    /// still have stored it.
    public func markPublish(_ name: Name, sequence: UInt64, status: PublishStatus, reached: [String]) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                UPDATE publish_log SET status = ?, reached = ?
                WHERE id = (SELECT max(id) FROM publish_log WHERE name = ? AND sequence = ?)
                """, arguments: [status.rawValue, reached.joined(separator: "\n"), name.description, SequenceText.encode(sequence)])
        }
    }

    // MARK: DHT routing table

    /// Replaces the persisted DHT routing table (contacts as `ip:port/<node id hex>` text).
    public func saveDHTContacts(_ contacts: [String]) throws(StoreError) {
        try write { db in
            try db.execute(sql: "DELETE FROM dht_nodes")
            let now = Date().timeIntervalSince1970
            for c in contacts.prefix(2048) {
                try db.execute(sql: "INSERT OR REPLACE INTO dht_nodes (contact, updated_at) VALUES (?, ?)", arguments: [c, now])
            }
        }
    }

    /// The persisted DHT routing table, for a fast restart.
    public func loadDHTContacts() throws(StoreError) -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT contact FROM dht_nodes ORDER BY updated_at DESC") }
    }

    // MARK: Publishing

    /// Atomically picks the next sequence for `name`, builds the record with `make`, stores it and
    /// logs the publish, all in one IMMEDIATE transaction: concurrent publishers get distinct,
    /// increasing sequence numbers.
    ///
    /// - Parameter requestedSequence: an explicit sequence; must exceed everything seen for the name.
    /// - Parameter make: signs a record for the given sequence.
    /// - Throws: `StoreError` (`sequenceTooLow` for a requested sequence not above what was seen),
    ///   or the `RecordError` from `make` (e.g. `recordTooLarge`); nothing is stored then.
    public func publish(name: Name, requestedSequence: UInt64? = nil, make: (UInt64) throws(NameRecord.RecordError) -> VerifiedRecord) throws -> VerifiedRecord {
        do {
            return try database.write { db in
                let held = try current(db: db, name)
                let seen = try NameStore.highest(db, name)
                let top = [held, seen].compactMap { $0 }.max()
                let sequence: UInt64
                if let requested = requestedSequence {
                    if let top, requested <= top {
                        throw StoreError(.sequenceTooLow, "sequence \(requested) is not above \(top), already used for \(name)")
                    }
                    sequence = requested
                } else if let top {
                    guard top < UInt64.max else { throw StoreError(.sequenceTooLow, "sequence space of \(name) is exhausted") }
                    sequence = top + 1
                } else {
                    sequence = 0
                }
                let verified = try make(sequence)
                let record = verified.record
                _ = try NameStore.put(db, record, name, "local")
                try db.execute(sql: "INSERT INTO publish_log (name, sequence, value, validity, published_at, status) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [name.description, SequenceText.encode(sequence),
                                           String(decoding: record.value ?? [], as: UTF8.self), record.validity?.rfc3339 ?? "",
                                           Date().timeIntervalSince1970, PublishStatus.local.rawValue])
                return verified
            }
        } catch let error as StoreError {
            throw error
        } catch let error as NameRecord.RecordError {
            throw error
        } catch {
            throw NameStore.map(error, path: path)
        }
    }

    private func current(db: Database, _ name: Name) throws -> UInt64? {
        try NameStore.current(db, name)?.record.sequence
    }

    /// The publish history of `name`, newest first.
    public func publishHistory(_ name: Name, limit: Int = 100) throws(StoreError) -> [PublishEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT sequence, value, validity, published_at, status, reached FROM publish_log WHERE name = ? ORDER BY id DESC LIMIT ?",
                             arguments: [name.description, limit]).map { row in
                let reached: String = row["reached"] ?? ""
                return PublishEntry(name: name, sequence: SequenceText.decode(row["sequence"]) ?? 0, value: row["value"],
                                    validity: row["validity"], publishedAt: row["published_at"],
                                    status: PublishStatus(rawValue: row["status"] ?? "") ?? .local,
                                    reached: reached.split(separator: "\n").map(String.init))
            }
        }
    }
}
