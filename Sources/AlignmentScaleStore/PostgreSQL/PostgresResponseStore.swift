import AlignmentScale
import Foundation
import Logging
import PostgresNIO

/// Survey responses in PostgreSQL, shared by any number of server instances.
///
/// - A bounded pool of connections (``Options/maximumConnections``), kept alive and reopened by
///   postgres-nio when the database comes back.
/// - Versioned migrations in a `schema_migrations` table, applied at start under a PostgreSQL
///   advisory lock, so instances starting together apply each migration once.
/// - Every write is one transaction; a call that returns has committed. Duplicate ids are refused
///   by the table's unique constraint, so two instances cannot both store one id.
/// - A database that cannot be reached (down, restarting, refusing connections) makes an
///   operation throw ``StoreUnavailable`` within ``Options/timeout``; it never hangs and never
///   crashes the caller.
/// - SQL is parameterised throughout; the password never appears in a message.
public final class PostgresResponseStore: ResponseStore {
    public struct Options: Sendable {
        /// Connections the pool may open at once.
        public var maximumConnections: Int
        /// How long one operation may wait for the database before it is reported unavailable.
        public var timeout: Duration

        public init(maximumConnections: Int = 10, timeout: Duration = .seconds(5)) {
            self.maximumConnections = maximumConnections
            self.timeout = timeout
        }
    }

    /// The migrations, in order; each runs once, in its own transaction, with its Swift step (if
    /// any) after its SQL.
    static let migrations: [(version: Int, name: String, sql: [String], then: Backfill?)] = [
        (
            1, "responses",
            [
                """
                CREATE TABLE responses (
                    number bigserial PRIMARY KEY,
                    respondent text NOT NULL UNIQUE,
                    weight double precision NOT NULL CHECK (weight > 0),
                    levels integer NOT NULL,
                    beliefs text NOT NULL,
                    comment text,
                    created_at timestamptz NOT NULL
                )
                """
            ], nil
        ),
        (
            2, "running pools",
            // The sums of every stored answer per number of levels, and what was last published.
            [
                "CREATE TABLE pool_totals (levels integer PRIMARY KEY, sums text NOT NULL, added_since_publication bigint NOT NULL)",
                """
                CREATE TABLE pool_published (
                    levels integer PRIMARY KEY, sums text NOT NULL, last_number bigint NOT NULL,
                    published_at timestamptz NOT NULL)
                """,
            ],
            { connection, logger in
                var totals: [Int: PoolSums] = [:]
                for try await (id, weight, levels, beliefs) in try await connection.query(
                    "SELECT respondent, weight, levels, beliefs FROM responses", logger: logger
                ).decode((String, Double, Int, String).self) {
                    let response = try StoredBeliefs.response(
                        id: id, weight: weight, levels: levels, beliefs: beliefs, comment: nil, createdAt: Date())
                    totals[levels, default: PoolSums(levels: levels)].add(response.respondent)
                }
                for (levels, sums) in totals {
                    try await connection.query(
                        """
                        INSERT INTO pool_totals (levels, sums, added_since_publication)
                        VALUES (\(levels), \(sums.text), \(sums.respondents))
                        """, logger: logger)
                }
            }
        ),
    ]

    /// A migration's step in Swift, run in its transaction.
    typealias Backfill = @Sendable (PostgresConnection, Logger) async throws -> Void

    /// The advisory lock that serialises migrations across instances ("alignsca" in ASCII).
    static let migrationLock: Int64 = 0x616C_6967_6E73_6361

    public let url: DatabaseURL
    public var location: String { url.masked }
    public var backend: String { "postgresql" }
    let options: Options
    let logger: Logger
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let outage = Outage()

    /// Connects, and applies any migration not yet applied.
    /// - Throws: ``StoreUnavailable`` when the database cannot be reached within the timeout, or
    ///   ``StoreLocationError`` when it refuses the user, password or database.
    public init(url: DatabaseURL, logger: Logger, options: Options = Options()) async throws {
        self.url = url
        self.options = options
        self.logger = logger
        let tls: PostgresClient.Configuration.TLS
        switch url.tls {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(.makeClientConfiguration())
        case .require: tls = .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database, tls: tls)
        configuration.options.maximumConnections = options.maximumConnections
        configuration.options.connectTimeout = options.timeout
        configuration.options.keepAliveBehavior = .init(frequency: .seconds(10))
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        runner = Task { await client.run() }
        do {
            // Reachable within one operation's limit first, so a wrong host fails as fast as any
            // request would; only then may the migration lock take longer.
            try await connectDirectly()
            try await migrate()
        } catch {
            runner.cancel()
            throw error
        }
    }

    deinit { runner.cancel() }

    /// Opens one connection of its own, outside the pool, and closes it, within the operation's
    /// time limit. The pool retries a refused login or a refused connection quietly until the
    /// time limit, so only a direct attempt tells at once that the password is wrong (an error at
    /// the location) or that the database is down.
    func connectDirectly() async throws {
        let tls: PostgresConnection.Configuration.TLS
        switch url.tls {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        let configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database, tls: tls)
        try await attempt { [logger] _ in
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            try await connection.close()
        }
    }

    public func close() async {
        runner.cancel()
    }

    /// Applies the migrations not yet recorded, holding the advisory lock so that instances
    /// starting at once take turns.
    func migrate() async throws {
        // Longer than one operation: another instance may hold the lock while it migrates.
        try await guarded(timeout: options.timeout * 3) { [logger] client in
            try await client.withConnection { connection in
                try await connection.query("SELECT pg_advisory_lock(\(Self.migrationLock))", logger: logger)
                do {
                    try await connection.query(
                        """
                        CREATE TABLE IF NOT EXISTS schema_migrations (
                            version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
                        """, logger: logger)
                    var applied: Set<Int> = []
                    for try await version in try await connection.query(
                        "SELECT version FROM schema_migrations", logger: logger
                    ).decode(Int.self) {
                        applied.insert(version)
                    }
                    for migration in Self.migrations where !applied.contains(migration.version) {
                        try await connection.withTransaction(logger: logger) { transaction in
                            for statement in migration.sql {
                                try await transaction.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                            }
                            try await migration.then?(transaction, logger)
                            try await transaction.query(
                                "INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))",
                                logger: logger)
                        }
                        logger.info("applied migration \(migration.version): \(migration.name)")
                    }
                    try await connection.query("SELECT pg_advisory_unlock(\(Self.migrationLock))", logger: logger)
                } catch {
                    _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.migrationLock))", logger: logger)
                    throw error
                }
            }
        }
    }

    /// The versions recorded in `schema_migrations`, in order.
    public func appliedMigrations() async throws -> [Int] {
        try await guarded { [logger] client in
            var versions: [Int] = []
            for try await version in try await client.query(
                "SELECT version FROM schema_migrations ORDER BY version", logger: logger
            ).decode(Int.self) {
                versions.append(version)
            }
            return versions
        }
    }

    // MARK: - ResponseStore

    public func add(_ response: StoredResponse) async throws {
        try await guarded { [logger] client in
            try await client.withTransaction(logger: logger) { connection in
                try await Self.insertAll([response], numbered: false, on: connection, logger: logger)
            }
        }
    }

    public func importAll(_ responses: [StoredResponse]) async throws {
        try await guarded(timeout: options.timeout + .milliseconds(2 * responses.count)) { [logger] client in
            try await client.withTransaction(logger: logger) { connection in
                try await Self.insertAll(responses, numbered: true, on: connection, logger: logger)
            }
        }
    }

    public func remove(id: String) async throws -> Bool {
        try await guarded { [logger] client in
            try await client.withTransaction(logger: logger) { connection in
                var removed: (Double, Int, String)?
                for try await row in try await connection.query(
                    "DELETE FROM responses WHERE respondent = \(id) RETURNING weight, levels, beliefs", logger: logger
                ).decode((Double, Int, String).self) {
                    removed = row
                }
                guard let (weight, levels, beliefs) = removed else { return false }
                let response = try StoredBeliefs.response(
                    id: id, weight: weight, levels: levels, beliefs: beliefs, comment: nil, createdAt: Date())
                try await Self.changeTotals(levels: levels, added: 0, on: connection, logger: logger) {
                    $0.remove(response.respondent)
                }
                return true
            }
        }
    }

    public func publication(levels: Int, publishEvery: Int) async throws -> Publication {
        try await guarded { [logger] client in
            let seen = try await client.withConnection { try await Self.publication(levels: levels, on: $0, logger: logger) }
            guard seen.waiting >= publishEvery else { return seen }
            return try await client.withTransaction(logger: logger) { connection in
                var totals: (String, Int)?
                for try await row in try await connection.query(
                    "SELECT sums, added_since_publication FROM pool_totals WHERE levels = \(levels) FOR UPDATE",
                    logger: logger
                ).decode((String, Int).self) {
                    totals = row
                }
                // Another instance may have published meanwhile.
                guard let (text, waiting) = totals, waiting >= publishEvery else {
                    return try await Self.publication(levels: levels, on: connection, logger: logger)
                }
                var last: Int64 = 0
                for try await number in try await connection.query(
                    "SELECT COALESCE(MAX(number), 0) FROM responses WHERE levels = \(levels)", logger: logger
                ).decode(Int64.self) {
                    last = number
                }
                let now = Date()
                try await connection.query(
                    """
                    INSERT INTO pool_published (levels, sums, last_number, published_at)
                    VALUES (\(levels), \(text), \(last), \(now))
                    ON CONFLICT (levels) DO UPDATE SET
                        sums = excluded.sums, last_number = excluded.last_number, published_at = excluded.published_at
                    """, logger: logger)
                try await connection.query(
                    "UPDATE pool_totals SET added_since_publication = 0 WHERE levels = \(levels)", logger: logger)
                // Read back, so that every reader gets the same stored values (the time as stored).
                return try await Self.publication(levels: levels, on: connection, logger: logger)
            }
        }
    }

    /// The publication as it stands, without publishing.
    static func publication(
        levels: Int, on connection: PostgresConnection, logger: Logger
    ) async throws -> Publication {
        var waiting = 0
        for try await n in try await connection.query(
            "SELECT added_since_publication FROM pool_totals WHERE levels = \(levels)", logger: logger
        ).decode(Int.self) {
            waiting = n
        }
        var publication = Publication(published: nil, lastNumber: 0, publishedAt: nil, waiting: waiting)
        for try await (text, last, at) in try await connection.query(
            "SELECT sums, last_number, published_at FROM pool_published WHERE levels = \(levels)", logger: logger
        ).decode((String, Int64, Date).self) {
            publication.published = try PoolSumsText.read(text, levels: levels)
            publication.lastNumber = last
            publication.publishedAt = at
        }
        return publication
    }

    public func respondents(levels: Int, through number: Int64, newest limit: Int) async throws -> [Respondent] {
        let rows = try await guarded { [logger] client in
            var rows: [(String, Double, Int, String)] = []
            for try await row in try await client.query(
                """
                SELECT respondent, weight, levels, beliefs FROM responses
                WHERE levels = \(levels) AND number <= \(number) ORDER BY number DESC LIMIT \(limit)
                """, logger: logger
            ).decode((String, Double, Int, String).self) {
                rows.append(row)
            }
            return rows
        }
        return try rows.map { id, weight, levels, beliefs in
            try StoredBeliefs.response(id: id, weight: weight, levels: levels, beliefs: beliefs, comment: nil, createdAt: Date())
                .respondent
        }
    }

    public func all() async throws -> [StoredResponse] {
        let rows = try await guarded { [logger] client in
            var rows: [(String, Double, Int, String, String?, Date)] = []
            for try await row in try await client.query(
                "SELECT respondent, weight, levels, beliefs, comment, created_at FROM responses ORDER BY number",
                logger: logger
            ).decode((String, Double, Int, String, String?, Date).self) {
                rows.append(row)
            }
            return rows
        }
        return try rows.map { id, weight, levels, beliefs, comment, createdAt in
            try StoredBeliefs.response(
                id: id, weight: weight, levels: levels, beliefs: beliefs, comment: comment, createdAt: createdAt)
        }
    }

    public func count() async throws -> Int {
        try await guarded { [logger] client in
            var count = 0
            for try await n in try await client.query("SELECT count(*) FROM responses", logger: logger).decode(Int.self) {
                count = n
            }
            return count
        }
    }

    // MARK: - Errors and time limits

    /// Inserts one response, refusing a duplicate id by the unique constraint (so the check and
    /// the insert cannot be split by another instance's insert).
    static func insert(
        _ response: StoredResponse, row: Int?, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let r = response.respondent
        let beliefs = StoredBeliefs.encode(r.beliefs)
        var inserted = false
        for try await _ in try await connection.query(
            """
            INSERT INTO responses (respondent, weight, levels, beliefs, comment, created_at)
            VALUES (\(r.id), \(r.weight), \(r.beliefs.count), \(beliefs), \(response.comment), \(response.createdAt))
            ON CONFLICT (respondent) DO NOTHING RETURNING number
            """, logger: logger)
        {
            inserted = true
        }
        if !inserted { throw DuplicateResponse(id: r.id, row: row) }
    }

    /// Inserts `responses` and counts them into the running sums, once per number of levels.
    static func insertAll(
        _ responses: [StoredResponse], numbered: Bool, on connection: PostgresConnection, logger: Logger
    ) async throws {
        for (index, response) in responses.enumerated() {
            try await insert(response, row: numbered ? index + 1 : nil, on: connection, logger: logger)
        }
        for (levels, group) in Dictionary(grouping: responses.map(\.respondent), by: \.beliefs.count) {
            try await changeTotals(levels: levels, added: group.count, on: connection, logger: logger) { sums in
                for respondent in group { sums.add(respondent) }
            }
        }
    }

    /// Updates the running sums over `levels` levels in the caller's transaction, holding their
    /// row's lock so that concurrent writers from every instance take turns.
    static func changeTotals(
        levels: Int, added: Int, on connection: PostgresConnection, logger: Logger, _ change: (inout PoolSums) -> Void
    ) async throws {
        // Make sure the row exists, then lock it.
        try await connection.query(
            """
            INSERT INTO pool_totals (levels, sums, added_since_publication)
            VALUES (\(levels), \(PoolSums(levels: levels).text), 0) ON CONFLICT (levels) DO NOTHING
            """, logger: logger)
        var current: (String, Int)?
        for try await row in try await connection.query(
            "SELECT sums, added_since_publication FROM pool_totals WHERE levels = \(levels) FOR UPDATE", logger: logger
        ).decode((String, Int).self) {
            current = row
        }
        var sums = try current.map { try PoolSumsText.read($0.0, levels: levels) } ?? PoolSums(levels: levels)
        change(&sums)
        let waiting = (current?.1 ?? 0) + added
        try await connection.query(
            "UPDATE pool_totals SET sums = \(sums.text), added_since_publication = \(waiting) WHERE levels = \(levels)",
            logger: logger)
    }

    /// Runs `body` with the client (see ``attempt(timeout:_:)``). While the database is known to be
    /// unavailable, a direct connection is tried first, shared by all callers at that moment: a
    /// database that is down refuses it in milliseconds, so requests are answered 503 at once
    /// instead of each waiting out the time limit in the pool's queue; once it connects, the
    /// operation runs as usual and the first success ends the outage.
    func guarded<T: Sendable>(
        timeout: Duration? = nil, _ body: @escaping @Sendable (PostgresClient) async throws -> T
    ) async throws -> T {
        do {
            if outage.isOngoing {
                try await outage.probe { try await self.connectDirectly() }.value
            }
            let result = try await attempt(timeout: timeout, body)
            outage.end()
            return result
        } catch let error as StoreUnavailable {
            outage.begin()
            throw error
        }
    }

    /// Runs `body` with the client, within `timeout`, turning every way the database can be out of
    /// reach into ``StoreUnavailable`` and refusals of the credentials into ``StoreLocationError``.
    ///
    /// The time limit holds even when the work ignores cancellation (a connection attempt to a
    /// host that does not answer): the caller gets its answer at the limit, and the abandoned work
    /// is cancelled and left to finish on its own.
    func attempt<T: Sendable>(
        timeout: Duration? = nil, _ body: @escaping @Sendable (PostgresClient) async throws -> T
    ) async throws -> T {
        let client = self.client
        let limit = timeout ?? options.timeout
        let location = url.masked
        let silence = "no answer within \(limit) (is PostgreSQL running and accepting connections at \(url.host):\(url.port)?)"
        do {
            let expired: @Sendable () -> any Error = { StoreUnavailable(location: location, reason: silence) }
            return try await FirstAnswer<T>.within(.now + limit, expired: expired) { answer in
                let work = Task {
                    do {
                        answer.resume(with: .success(try await body(client)))
                    } catch {
                        answer.resume(with: .failure(error))
                    }
                }
                return { work.cancel() }
            }
        } catch let error as InputError {
            throw error
        } catch let error as DuplicateResponse {
            throw error
        } catch let error as StoreUnavailable {
            throw error
        } catch let error as PSQLError {
            throw classify(error)
        } catch let error as PostgresTransactionError {
            // The closure's own error (a duplicate id) wins; otherwise what broke the transaction.
            if let inner = error.closureError as? DuplicateResponse { throw inner }
            if let inner = error.closureError as? InputError { throw inner }
            for inner in [error.closureError, error.beginError, error.commitError, error.rollbackError] {
                if let psql = inner as? PSQLError { throw classify(psql) }
                if let unavailable = inner as? StoreUnavailable { throw unavailable }
            }
            throw StoreUnavailable(location: location, reason: "the transaction did not complete")
        } catch is CancellationError {
            throw StoreUnavailable(location: location, reason: "the operation was cancelled")
        }
    }

    /// What a PostgreSQL error means for the caller.
    func classify(_ error: PSQLError) -> any Error {
        let state = error.serverInfo?[.sqlState] ?? ""
        if error.code == .server {
            // 28: invalid authorisation; 3D000: no such database. The operator must fix the location.
            if state.hasPrefix("28") || state == "3D000" {
                return StoreLocationError(
                    expected: "a user, password and database that \(url.host):\(url.port) accepts",
                    found: "\(error.serverInfo?[.message] ?? "a refusal") (connecting as \(url.masked))")
            }
            // 08: connection exceptions; 57P0x: shutting down or starting up; 53: out of resources.
            if state.hasPrefix("08") || state.hasPrefix("57P") || state.hasPrefix("53") {
                return StoreUnavailable(location: url.masked, reason: error.serverInfo?[.message] ?? "the server is not ready")
            }
            return StoreFailure(location: url.masked, reason: "the database refused a statement (SQLSTATE \(state))")
        }
        if error.code == .authMechanismRequiresPassword {
            return StoreLocationError(
                expected: "a password, in the URL (postgres://USER:PASSWORD@HOST/DB) or in PGPASSWORD",
                found: "none, and \(url.host):\(url.port) asks for one")
        }
        if error.code == .connectionError {
            // The underlying error says why (refused, no route, a name that does not resolve).
            let why = error.underlying.map { InputError.clip(String(describing: $0), limit: 200) }
            return StoreUnavailable(
                location: url.masked, reason: "could not connect to \(url.host):\(url.port)" + (why.map { " (\($0))" } ?? ""))
        }
        return StoreUnavailable(location: url.masked, reason: "\(error.code)")
    }
}

/// Whether the database was last found unavailable, and the one direct connection attempt that
/// callers share while it is.
final class Outage: @unchecked Sendable {
    private let lock = NSLock()
    private var ongoing = false
    private var probing: Task<Void, any Error>?

    var isOngoing: Bool { lock.withLock { ongoing } }
    func begin() { lock.withLock { ongoing = true } }
    func end() { lock.withLock { ongoing = false } }

    /// The attempt in flight, or a new one: however many requests arrive during an outage, the
    /// database sees one connection attempt at a time from this instance.
    func probe(_ connect: @escaping @Sendable () async throws -> Void) -> Task<Void, any Error> {
        lock.withLock {
            if let probing { return probing }
            let task = Task {
                defer { self.lock.withLock { self.probing = nil } }
                try await connect()
            }
            probing = task
            return task
        }
    }
}
