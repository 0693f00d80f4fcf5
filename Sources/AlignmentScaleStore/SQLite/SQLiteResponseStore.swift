import AlignmentScale
import Foundation
import GRDB

/// Survey responses in an SQLite file, safe for several processes on one machine: the embedded
/// default store.
///
/// The file is opened in WAL mode with a 30 s busy timeout; every write is one `BEGIN IMMEDIATE`
/// transaction, so concurrent writers queue instead of failing or losing rows; SQL is
/// parameterised throughout; the schema is versioned by GRDB's `DatabaseMigrator`.
///
/// ```swift
/// let store = try SQLiteResponseStore(path: "alignscale.sqlite")
/// try store.addNow(StoredResponse(respondent: try Respondent(id: "ana", beliefs: p, levelCount: 10)))
/// let everyone = try store.allNow().map(\.respondent)
/// ```
public final class SQLiteResponseStore: ResponseStore {
    /// The newest schema this code writes; stored in SQLite's `user_version` as well.
    public static let schemaVersion = 1

    public let path: String
    private let queue: DatabaseQueue

    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    /// - Throws: ``InputError`` at `--db` when the file cannot be opened or is not a response store.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.busyMode = .timeout(30)
        do {
            queue = try SQLiteResponseStore.retryingBusy { try DatabaseQueue(path: path, configuration: configuration) }
            try SQLiteResponseStore.retryingBusy { try SQLiteResponseStore.migrator.migrate(self.queue) }
        } catch let error as DatabaseError {
            throw InputError(
                .unreadable, location: SourceLocation(file: path), path: "--db",
                expected: "an alignscale response store (SQLite)",
                found: error.message ?? "\(error.resultCode)")
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: responses") { db in
            try db.create(table: "response") { t in
                t.autoIncrementedPrimaryKey("number")
                t.column("respondent", .text).notNull().unique()
                t.column("weight", .double).notNull().check { $0 > 0 }
                t.column("levels", .integer).notNull()
                t.column("beliefs", .text).notNull()  // a JSON array of N numbers
                t.column("comment", .text)
                t.column("created_at", .datetime).notNull()
            }
            try db.execute(sql: "PRAGMA user_version = 1")
        }
        return migrator
    }

    /// The first process to create a file and its schema can make another's first statements
    /// report SQLITE_BUSY before the busy timeout applies, and heavy contention on a WAL file's
    /// shared memory can report SQLITE_PROTOCOL; both are retried for up to 10 s.
    static func retryingBusy<T>(_ body: () throws -> T) throws -> T {
        var attempts = 0
        while true {
            do {
                return try body()
            } catch let error as DatabaseError
                where [.SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_PROTOCOL].contains(error.resultCode)
            {
                attempts += 1
                if attempts > 100 { throw error }
                usleep(100_000)
            }
        }
    }

    private func immediateWrite<T>(_ body: @escaping (Database) throws -> T) throws -> T {
        try SQLiteResponseStore.retryingBusy {
            try queue.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        }
    }

    private static func insert(_ response: StoredResponse, _ db: Database, row: Int?) throws {
        let r = response.respondent
        if try Int.fetchOne(db, sql: "SELECT 1 FROM response WHERE respondent = ?", arguments: [r.id]) != nil {
            throw StoredResponse.duplicate(r.id, row: row)
        }
        let beliefs = StoredBeliefs.encode(r.beliefs)
        try db.execute(
            sql: "INSERT INTO response (respondent, weight, levels, beliefs, comment, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [r.id, r.weight, r.beliefs.count, beliefs, response.comment, response.createdAt])
    }

    /// Adds one response in its own transaction.
    /// - Throws: ``InputError`` when the id is already stored.
    public func addNow(_ response: StoredResponse) throws {
        try immediateWrite { db in try SQLiteResponseStore.insert(response, db, row: nil) }
    }

    /// Adds every response in one transaction: all of them, or none if any is refused (the error
    /// names its row, counting from 1).
    public func importAllNow(_ responses: [StoredResponse]) throws {
        try immediateWrite { db in
            for (index, response) in responses.enumerated() {
                try SQLiteResponseStore.insert(response, db, row: index + 1)
            }
        }
    }

    /// Removes the response with this id; returns whether there was one.
    @discardableResult
    public func removeNow(id: String) throws -> Bool {
        try immediateWrite { db in
            try db.execute(sql: "DELETE FROM response WHERE respondent = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    /// Every stored response, oldest first.
    /// - Throws: ``InputError`` when a stored row does not read back as a valid response.
    public func allNow() throws -> [StoredResponse] {
        let rows = try SQLiteResponseStore.retryingBusy {
            try queue.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT respondent, weight, levels, beliefs, comment, created_at FROM response ORDER BY number")
            }
        }
        return try rows.map { row in
            try StoredBeliefs.response(
                id: row["respondent"], weight: row["weight"], levels: row["levels"], beliefs: row["beliefs"],
                comment: row["comment"], createdAt: row["created_at"])
        }
    }

    public func countNow() throws -> Int {
        try SQLiteResponseStore.retryingBusy {
            try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM response") ?? 0 }
        }
    }

    /// The schema version recorded in the file.
    public func storedSchemaVersion() throws -> Int {
        try queue.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
    }

    /// The journal mode SQLite reports (`wal`).
    public func journalMode() throws -> String {
        try queue.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    // MARK: - ResponseStore

    public var location: String { path }
    public func add(_ response: StoredResponse) async throws { try addNow(response) }
    public func importAll(_ responses: [StoredResponse]) async throws { try importAllNow(responses) }
    public func remove(id: String) async throws -> Bool { try removeNow(id: id) }
    public func all() async throws -> [StoredResponse] { try allNow() }
    public func count() async throws -> Int { try countNow() }
    public func close() async {}
}
