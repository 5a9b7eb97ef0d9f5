import Foundation
import GRDB

/// The store's schema: how a database file is opened (WAL mode, on a pool or one connection) and
/// migrated, reading only when it is already up to date.
enum StoreSchema {
    /// Opens the database at `path` as `sharing` says, creating and migrating it when needed.
    static func open(path: String, configuration: Configuration, sharing: StoreSharing) throws(StoreError) -> any DatabaseWriter {
        do {
            let writer: any DatabaseWriter
            switch sharing {
            case .pool:
                writer = try DatabasePool(path: path, configuration: configuration)
            case .single:
                let queue = try DatabaseQueue(path: path, configuration: configuration)
                // WAL is a property of the file: set once, when the file is new (or was not WAL).
                if try queue.read({ try String.fetchOne($0, sql: "PRAGMA journal_mode") }) != "wal" {
                    let mode = try queue.writeWithoutTransaction { try String.fetchOne($0, sql: "PRAGMA journal_mode = WAL") }
                    guard mode == "wal" else { throw StoreError(.io, "cannot switch \(path) to WAL mode") }
                }
                writer = queue
            }
            var migrator = DatabaseMigrator()
            registerMigrations(&migrator)
            // Usually the only access on open: one read of the migrations table. It can race a
            // process creating the file (the table appears between two statements); then the
            // migration below settles it.
            let state = try? writer.read { db in
                (superseded: try migrator.hasBeenSuperseded(db), complete: try migrator.hasCompletedMigrations(db))
            }
            if state?.complete != true {
                try migrate(writer, with: migrator)
            }
            // Reading the schema also surfaces a damaged or non-SQLite file here, not at first use.
            let superseded = try state?.superseded ?? writer.read { db in
                db.clearSchemaCache()
                return try migrator.hasBeenSuperseded(db)
            }
            if superseded {
                throw StoreError(.unsupportedSchema, "\(path) was written by a newer namectl; refusing to touch it")
            }
            return writer
        } catch let error as StoreError {
            throw error
        } catch {
            throw NameStore.map(error, path: path)
        }
    }

    /// Runs the migrations. GRDB does not lock across processes: two processes creating the database
    /// at once both see a migration as pending and the slower one fails ("table … already exists").
    /// The database is then fine, so a failed run is retried until every migration is applied.
    private static func migrate(_ database: any DatabaseWriter, with migrator: DatabaseMigrator) throws {
        for attempt in 1...5 {
            do {
                try migrator.migrate(database)
                return
            } catch {
                // Another process may have migrated meanwhile; read its schema, not a cached one.
                let done = try? database.read { db in
                    db.clearSchemaCache()
                    return try migrator.hasCompletedMigrations(db)
                }
                if done == true { return }
                if attempt == 5 { throw error }
                usleep(UInt32.random(in: 5_000...50_000))
            }
        }
    }

    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v1-records-highest-seen-publish-log") { db in
            try db.execute(sql: """
                CREATE TABLE records (
                    name TEXT PRIMARY KEY NOT NULL,
                    sequence TEXT NOT NULL,
                    validity TEXT NOT NULL,
                    ttl TEXT NOT NULL,
                    bytes BLOB NOT NULL,
                    source TEXT NOT NULL,
                    fetched_at REAL NOT NULL
                );
                CREATE TABLE highest_seen (
                    name TEXT PRIMARY KEY NOT NULL,
                    sequence TEXT NOT NULL,
                    updated_at REAL NOT NULL
                );
                CREATE TABLE publish_log (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    sequence TEXT NOT NULL,
                    value TEXT NOT NULL,
                    validity TEXT NOT NULL,
                    published_at REAL NOT NULL
                );
                CREATE INDEX publish_log_by_name ON publish_log(name, id);
                """)
        }
        migrator.registerMigration("v2-dht-routing-table") { db in
            try db.execute(sql: "CREATE TABLE dht_nodes (contact TEXT PRIMARY KEY NOT NULL, updated_at REAL NOT NULL)")
        }
        migrator.registerMigration("v3-publish-status") { db in
            try db.execute(sql: """
                ALTER TABLE publish_log ADD COLUMN status TEXT NOT NULL DEFAULT 'local';
                ALTER TABLE publish_log ADD COLUMN reached TEXT NOT NULL DEFAULT '';
                """)
        }
    }
}
