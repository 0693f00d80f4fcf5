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
/// Every operation goes through GRDB's async API: the statements run on GRDB's own serial queue
/// (where SQLite's busy timeout may wait), and the retries below wait with `Task.sleep`, so a
/// server's cooperative threads never block on the file.
///
/// ```swift
/// let store = try await SQLiteResponseStore.open(path: "alignscale.sqlite")
/// try await store.add(StoredResponse(respondent: try Respondent(id: "ana", beliefs: p, levelCount: 10)))
/// let everyone = try await store.all().map(\.respondent)
/// ```
public final class SQLiteResponseStore: ResponseStore {
    /// The newest schema this code writes; stored in SQLite's `user_version` as well.
    public static let schemaVersion = 2

    public let path: String
    private let queue: DatabaseQueue

    private init(path: String, queue: DatabaseQueue) {
        self.path = path
        self.queue = queue
    }

    /// Opens (creating if needed) the store at `path` and brings its schema up to date. Opening
    /// the file, which may wait for another process, happens on a dispatch thread, not on the
    /// caller's cooperative one; a busy file is retried as every statement is (``retryingBusy(_:)``).
    /// - Throws: ``StoreLocationError`` when the file cannot be opened or is not a response store.
    public static func open(path: String) async throws -> SQLiteResponseStore {
        let configuration = {
            var configuration = Configuration()
            configuration.journalMode = .wal
            configuration.busyMode = .timeout(30)
            return configuration
        }()
        do {
            let queue = try await retryingBusy {
                try await withCheckedThrowingContinuation { continuation in
                    DispatchQueue.global().async {
                        continuation.resume(with: Result { try DatabaseQueue(path: path, configuration: configuration) })
                    }
                }
            }
            try await retryingBusy { try await migrate(queue) }
            return SQLiteResponseStore(path: path, queue: queue)
        } catch let error as DatabaseError {
            throw StoreLocationError(
                expected: "an alignscale response store (SQLite)", found: error.message ?? "\(error.resultCode)", file: path)
        }
    }

    /// Brings the schema up to date when other processes may be doing the same: the migrator reads
    /// which migrations are applied before it starts each one, so a process that read "none" while
    /// another was creating the tables finds them there ("table … already exists"). Each migration
    /// and its record commit together, so reading again shows what the other process did.
    static func migrate(_ queue: DatabaseQueue) async throws {
        var attempts = 0
        while true {
            do {
                return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
                    migrator.asyncMigrate(queue) { result in continuation.resume(with: result.map { _ in () }) }
                }
            } catch let error as DatabaseError
                where error.resultCode == .SQLITE_ERROR && (error.message ?? "").contains("already exists") && attempts < 50
            {
                attempts += 1
                try await Task.sleep(for: .milliseconds(20))
            }
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
        migrator.registerMigration("v2: running pools") { db in
            // The sums of every stored answer per number of levels, and what was last published.
            try db.create(table: "pool_totals") { t in
                t.primaryKey("levels", .integer)
                t.column("sums", .text).notNull()
                t.column("added_since_publication", .integer).notNull()
            }
            try db.create(table: "pool_published") { t in
                t.primaryKey("levels", .integer)
                t.column("sums", .text).notNull()
                t.column("last_number", .integer).notNull()
                t.column("published_at", .datetime).notNull()
            }
            var totals: [Int: PoolSums] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT respondent, weight, levels, beliefs FROM response") {
                let response = try StoredBeliefs.response(
                    id: row["respondent"], weight: row["weight"], levels: row["levels"], beliefs: row["beliefs"],
                    comment: nil, createdAt: Date())
                totals[row["levels"], default: PoolSums(levels: row["levels"])].add(response.respondent)
            }
            for (levels, sums) in totals {
                try db.execute(
                    sql: "INSERT INTO pool_totals (levels, sums, added_since_publication) VALUES (?, ?, ?)",
                    arguments: [levels, sums.text, sums.respondents])
            }
            try db.execute(sql: "PRAGMA user_version = 2")
        }
        return migrator
    }

    /// The first process to create a file and its schema can make another's first statements
    /// report SQLITE_BUSY before the busy timeout applies, and heavy contention on a WAL file's
    /// shared memory can report SQLITE_PROTOCOL; both are retried for up to 10 s, waiting
    /// without holding a thread.
    static func retryingBusy<T>(_ body: () async throws -> T) async throws -> T {
        var attempts = 0
        while true {
            do {
                return try await body()
            } catch let error as DatabaseError
                where [.SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_PROTOCOL].contains(error.resultCode)
            {
                attempts += 1
                if attempts > 100 { throw error }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction. A disk that is full or refuses to write
    /// is ``StoreUnavailable`` (nothing was stored; trying again later is safe), not a failure of
    /// the store itself.
    private func immediateWrite<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await SQLiteResponseStore.retryingBusy {
                try await queue.writeWithoutTransaction { db in
                    var result: T?
                    try db.inTransaction(.immediate) {
                        result = try body(db)
                        return .commit
                    }
                    return result!
                }
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL || error.resultCode == .SQLITE_IOERR {
            throw StoreUnavailable(
                location: path,
                reason: error.resultCode == .SQLITE_FULL ? "the disk is full" : "the disk refused a write (\(error.resultCode))")
        }
    }

    /// Runs `body` as a read, retried while the file is busy.
    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await SQLiteResponseStore.retryingBusy { try await queue.read(body) }
    }

    private static func insert(_ response: StoredResponse, _ db: Database, row: Int?) throws {
        let r = response.respondent
        if try Int.fetchOne(db, sql: "SELECT 1 FROM response WHERE respondent = ?", arguments: [r.id]) != nil {
            throw DuplicateResponse(id: r.id, row: row)
        }
        let beliefs = StoredBeliefs.encode(r.beliefs)
        try db.execute(
            sql: "INSERT INTO response (respondent, weight, levels, beliefs, comment, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [r.id, r.weight, r.beliefs.count, beliefs, response.comment, response.createdAt])
    }

    /// Inserts `responses` and counts them into the running sums, once per number of levels.
    private static func insertAll(_ responses: [StoredResponse], _ db: Database, numbered: Bool) throws {
        for (index, response) in responses.enumerated() { try insert(response, db, row: numbered ? index + 1 : nil) }
        for (levels, group) in Dictionary(grouping: responses.map(\.respondent), by: \.beliefs.count) {
            try changeTotals(db, levels: levels, added: group.count) { sums in
                for respondent in group { sums.add(respondent) }
            }
        }
    }

    /// Updates the running sums over `levels` levels in the caller's transaction.
    private static func changeTotals(_ db: Database, levels: Int, added: Int, _ change: (inout PoolSums) -> Void) throws {
        let row = try Row.fetchOne(
            db, sql: "SELECT sums, added_since_publication FROM pool_totals WHERE levels = ?", arguments: [levels])
        var sums = try row.map { try PoolSumsText.read($0["sums"], levels: levels) } ?? PoolSums(levels: levels)
        change(&sums)
        try db.execute(
            sql: """
                INSERT INTO pool_totals (levels, sums, added_since_publication) VALUES (?, ?, ?)
                ON CONFLICT (levels) DO UPDATE SET sums = excluded.sums, added_since_publication = excluded.added_since_publication
                """,
            arguments: [levels, sums.text, (row?["added_since_publication"] ?? 0) + added])
    }

    // MARK: - ResponseStore

    public var location: String { path }
    public var backend: String { "sqlite" }

    /// Adds one response in its own transaction.
    /// - Throws: ``DuplicateResponse`` when the id is already stored.
    public func add(_ response: StoredResponse) async throws {
        try await immediateWrite { db in try SQLiteResponseStore.insertAll([response], db, numbered: false) }
    }

    /// Adds every response in one transaction: all of them, or none if any is refused (the error
    /// names its row, counting from 1).
    public func importAll(_ responses: [StoredResponse]) async throws {
        try await immediateWrite { db in try SQLiteResponseStore.insertAll(responses, db, numbered: true) }
    }

    /// Removes the response with this id; returns whether there was one.
    @discardableResult
    public func remove(id: String) async throws -> Bool {
        try await immediateWrite { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT weight, levels, beliefs FROM response WHERE respondent = ?", arguments: [id])
            else { return false }
            let removed = try StoredBeliefs.response(
                id: id, weight: row["weight"], levels: row["levels"], beliefs: row["beliefs"], comment: nil, createdAt: Date())
            try db.execute(sql: "DELETE FROM response WHERE respondent = ?", arguments: [id])
            try SQLiteResponseStore.changeTotals(db, levels: row["levels"], added: 0) { $0.remove(removed.respondent) }
            return true
        }
    }

    /// See ``ResponseStore/publication(levels:publishEvery:)``.
    public func publication(levels: Int, publishEvery: Int) async throws -> Publication {
        @Sendable func current(_ db: Database) throws -> (Publication, PoolSums?) {
            let totals = try Row.fetchOne(
                db, sql: "SELECT sums, added_since_publication FROM pool_totals WHERE levels = ?", arguments: [levels])
            let published = try Row.fetchOne(
                db, sql: "SELECT sums, last_number, published_at FROM pool_published WHERE levels = ?", arguments: [levels])
            return (
                Publication(
                    published: try published.map { try PoolSumsText.read($0["sums"], levels: levels) },
                    lastNumber: published?["last_number"] ?? 0, publishedAt: published?["published_at"],
                    waiting: totals?["added_since_publication"] ?? 0),
                try totals.map { try PoolSumsText.read($0["sums"], levels: levels) }
            )
        }
        let seen = try await read { db in try current(db).0 }
        guard seen.waiting >= publishEvery else { return seen }
        return try await immediateWrite { db in
            let (publication, totals) = try current(db)
            guard publication.waiting >= publishEvery, let totals else { return publication }
            let last = try Int64.fetchOne(db, sql: "SELECT MAX(number) FROM response WHERE levels = ?", arguments: [levels]) ?? 0
            let now = Date()
            try db.execute(
                sql: """
                    INSERT INTO pool_published (levels, sums, last_number, published_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (levels) DO UPDATE SET
                        sums = excluded.sums, last_number = excluded.last_number, published_at = excluded.published_at
                    """,
                arguments: [levels, totals.text, last, now])
            try db.execute(sql: "UPDATE pool_totals SET added_since_publication = 0 WHERE levels = ?", arguments: [levels])
            // Read back, so that every reader gets the same stored values (the time as stored).
            return try current(db).0
        }
    }

    /// See ``ResponseStore/respondents(levels:through:newest:)``.
    public func respondents(levels: Int, through number: Int64, newest limit: Int) async throws -> [Respondent] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT respondent, weight, levels, beliefs FROM response
                    WHERE levels = ? AND number <= ? ORDER BY number DESC LIMIT ?
                    """,
                arguments: [levels, number, limit]
            ).map { row in
                try StoredBeliefs.response(
                    id: row["respondent"], weight: row["weight"], levels: row["levels"], beliefs: row["beliefs"],
                    comment: nil, createdAt: Date()
                ).respondent
            }
        }
    }

    /// Every stored response, oldest first.
    /// - Throws: ``InputError`` when a stored row does not read back as a valid response.
    public func all() async throws -> [StoredResponse] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT respondent, weight, levels, beliefs, comment, created_at FROM response ORDER BY number"
            ).map { row in
                try StoredBeliefs.response(
                    id: row["respondent"], weight: row["weight"], levels: row["levels"], beliefs: row["beliefs"],
                    comment: row["comment"], createdAt: row["created_at"])
            }
        }
    }

    public func count() async throws -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM response") ?? 0 }
    }

    /// The schema version recorded in the file.
    public func storedSchemaVersion() async throws -> Int {
        try await read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
    }

    /// The journal mode SQLite reports (`wal`).
    public func journalMode() async throws -> String {
        try await read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    public func close() async {}
}
