import AlignmentScale
import AlignmentScaleIO
import AlignmentScaleStore
import Foundation
import Logging
import TestSupport
import Testing

/// The two stores, for tests that run against each.
enum Backend: String, CaseIterable, CustomTestStringConvertible {
    case sqlite, postgresql
    var testDescription: String { rawValue }

    /// Where a fresh, empty store of this kind is: a new SQLite file, or a new PostgreSQL database
    /// on the cluster scripts/test started.
    func freshLocation(in folder: TemporaryFolder) async throws -> String {
        switch self {
        case .sqlite: return folder.path + "/r-\(UUID().uuidString).sqlite"
        case .postgresql: return try await TestPostgres.freshDatabase()
        }
    }

    static func open(_ location: String) async throws -> any ResponseStore {
        try await ResponseStores.open(location, logger: Logger(label: "test"), options: patient)
    }

    /// A time limit these tests never reach on a working database. They are not about time:
    /// while the whole suite runs, other tests' computations can hold the two concurrency threads
    /// for many seconds, and the store's 5 s timer could then fire before the database's answer
    /// is looked at. (The tests of the limit itself run the server as its own process.)
    static let patient = PostgresResponseStore.Options(timeout: .seconds(120))
}

/// One contract, both backends: what the CLI and the server rely on from any store.
@Suite("The response store's contract (SQLite and PostgreSQL)")
struct ResponseStoreContractTests {
    static func response(_ id: String, _ first: Double, comment: String? = nil) -> StoredResponse {
        let beliefs = [first] + [Double](repeating: (1 - first) / 9, count: 9)
        return StoredResponse(
            respondent: try! Respondent(id: id, weight: 1.5, beliefs: beliefs, levelCount: 10), comment: comment,
            createdAt: Date(timeIntervalSince1970: 1_790_000_000))
    }

    /// Runs `body` on a fresh store of `backend`; a PostgreSQL test without the cluster fails and
    /// says why (it is never counted as passing).
    static func with(_ backend: Backend, _ body: (any ResponseStore, String) async throws -> Void) async throws {
        if backend == .postgresql && TestPostgres.url == nil {
            Issue.record(Comment(rawValue: TestPostgres.missing))
            return
        }
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let location = try await backend.freshLocation(in: folder)
        let store = try await Backend.open(location)
        do {
            try await body(store, location)
            await store.close()
        } catch {
            await store.close()
            throw error
        }
    }

    /// What goes in comes back, in order, bit for bit, with comments (quotes and SQL-looking text
    /// included: the SQL is parameterised); remove and count agree; reopening keeps everything.
    @Test(arguments: Backend.allCases)
    func roundTrip(backend: Backend) async throws {
        try await Self.with(backend) { store, location in
            let tricky = "it's \"5 before 6\"; DROP TABLE responses; -- ünïcødé"
            let written = [
                Self.response("ana", 0.3, comment: tricky), Self.response("bo", 1.0 / 3.0),
                Self.response("o.brien_2", 0.1),
            ]
            for r in written { try await store.add(r) }
            let read = try await store.all()
            #expect(read.map(\.respondent) == written.map(\.respondent))
            #expect(read.map(\.comment) == written.map(\.comment))
            #expect(read.map(\.createdAt) == written.map(\.createdAt))
            #expect(try await store.remove(id: "bo"))
            #expect(try await !store.remove(id: "bo"))
            #expect(try await store.count() == 2)
            let again = try await Backend.open(location)
            #expect(try await again.all().map(\.respondent.id) == ["ana", "o.brien_2"])
            await again.close()
        }
    }

    /// A duplicate id is refused with its id; an import with one bad row stores nothing and names the row.
    @Test(arguments: Backend.allCases)
    func duplicatesAndAllOrNothingImport(backend: Backend) async throws {
        try await Self.with(backend) { store, _ in
            try await store.add(Self.response("ana", 0.3))
            await #expect { try await store.add(Self.response("ana", 0.4)) } throws: {
                ($0 as? DuplicateResponse).map { $0.id == "ana" && $0.row == nil } == true
            }
            await #expect {
                try await store.importAll([Self.response("bo", 0.1), Self.response("cy", 0.2), Self.response("ana", 0.5)])
            } throws: { ($0 as? DuplicateResponse).map { $0.id == "ana" && $0.row == 3 } == true }
            #expect(try await store.all().map(\.respondent.id) == ["ana"])
            await #expect(throws: DuplicateResponse.self) {
                try await store.importAll([Self.response("dee", 0.1), Self.response("dee", 0.2)])
            }
            #expect(try await store.count() == 1)
            try await store.importAll([Self.response("bo", 0.1), Self.response("cy", 0.2)])
            #expect(try await store.all().map(\.respondent.id) == ["ana", "bo", "cy"])
        }
    }

    /// Export (the CSV `responses export` writes) and import into a fresh store give the same
    /// responses; the pools computed from a store are those of the responses put in.
    @Test(arguments: Backend.allCases)
    func exportImportAndSummary(backend: Backend) async throws {
        try await Self.with(backend) { store, _ in
            let written = (0..<12).map {
                Self.response("p\($0)", 0.02 + 0.07 * Double($0), comment: $0 % 3 == 0 ? "n\($0)" : nil)
            }
            try await store.importAll(written)
            let csv = ResponseTable.render(
                try await store.all().map { (respondent: $0.respondent, comment: $0.comment, createdAt: $0.createdAt) },
                format: .csv)
            let folder = TemporaryFolder()
            defer { folder.remove() }
            let entries = try RespondentFile.loadEntries(contentsOf: folder.write("export.csv", csv), levelCount: 10)
            #expect(entries.map(\.respondent) == written.map(\.respondent))
            #expect(entries.map(\.comment) == written.map(\.comment))
            let pools = BeliefPools(try await store.all().map(\.respondent))
            let expected = BeliefPools(written.map(\.respondent))
            #expect(pools.linear == expected.linear && pools.logarithmic == expected.logarithmic)
        }
    }

    /// Eight writers, each with its own connection or pool, adding at once: every acknowledged
    /// response is stored, once.
    @Test(arguments: Backend.allCases)
    func concurrentWriters(backend: Backend) async throws {
        try await Self.with(backend) { _, location in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        let store = try await Backend.open(location)
                        for k in 0..<25 { try await store.add(Self.response("w\(writer)-\(k)", 0.1)) }
                        await store.close()
                    }
                }
                try await group.waitForAll()
            }
            let reader = try await Backend.open(location)
            let ids = try await reader.all().map(\.respondent.id)
            await reader.close()
            #expect(ids.count == 200 && Set(ids).count == 200)
        }
    }
}

/// What only one backend has.
@Suite("The response stores' own behaviour")
struct ResponseStoreBackendTests {
    /// SQLite: WAL mode and a versioned schema; a file that is not a store is refused at --db.
    @Test func sqliteFile() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let store = try await SQLiteResponseStore.open(path: folder.path + "/r.sqlite")
        #expect(try await store.journalMode() == "wal")
        #expect(try await store.storedSchemaVersion() == SQLiteResponseStore.schemaVersion)
        let junk = folder.write("junk.sqlite", "this is not a database, just text that is long enough to have a header")
        // The store says what is wrong with the file; the command that named it says where (--db).
        await #expect { try await SQLiteResponseStore.open(path: junk) } throws: { ($0 as? StoreLocationError)?.file == junk }
        await #expect { try await SQLiteResponseStore.open(path: folder.path) } throws: {
            ($0 as? StoreLocationError)?.file == folder.path
        }
    }

    /// PostgreSQL: four instances starting at once on an empty database apply the migration once
    /// (under the advisory lock), and a fifth finds nothing to do.
    @Test func migrationsRunOnceAcrossInstances() async throws {
        guard TestPostgres.url != nil else {
            Issue.record(Comment(rawValue: TestPostgres.missing))
            return
        }
        let location = try await TestPostgres.freshDatabase()
        let url = try DatabaseURL(location)
        let stores = try await withThrowingTaskGroup(of: PostgresResponseStore.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await PostgresResponseStore(url: url, logger: Logger(label: "test"), options: Backend.patient)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for store in stores { #expect(try await store.appliedMigrations() == [1, 2]) }
        for store in stores { await store.close() }
        let later = try await PostgresResponseStore(url: url, logger: Logger(label: "test"), options: Backend.patient)
        #expect(try await later.appliedMigrations() == [1, 2])
        await later.close()
    }

    /// A database of the first schema, with answers in it (written here with psql, as the first
    /// version of the tool left it), gains the running pools on opening: they hold every answer.
    @Test func theRunningPoolsAreFilledFromEarlierAnswers() async throws {
        guard TestPostgres.url != nil else {
            Issue.record(Comment(rawValue: TestPostgres.missing))
            return
        }
        let location = try await TestPostgres.freshDatabase()
        let rows = (0..<25).map { i in
            "('old-\(i)', \(1 + i % 3), 10, '[\((0..<10).map { k in k == i % 10 ? "0.55" : "0.05" }.joined(separator: ","))]', now())"
        }
        let sql = """
            CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
            CREATE TABLE responses (number bigserial PRIMARY KEY, respondent text NOT NULL UNIQUE,
                weight double precision NOT NULL CHECK (weight > 0), levels integer NOT NULL, beliefs text NOT NULL,
                comment text, created_at timestamptz NOT NULL);
            INSERT INTO schema_migrations (version, name) VALUES (1, 'responses');
            INSERT INTO responses (respondent, weight, levels, beliefs, created_at) VALUES \(rows.joined(separator: ", "));
            """
        let psql = try await Subprocess.run("/usr/bin/env", ["psql", location, "-v", "ON_ERROR_STOP=1", "-qc", sql])
        try #require(psql.status == 0, "\(psql.output)")
        let store = try await Backend.open(location)
        let all = try await store.all().map(\.respondent)
        #expect(all.count == 25)
        let sums = try #require(try await store.publication(levels: 10, publishEvery: 10).published)
        let reference = BeliefPools(all, divergence: false)
        #expect(sums.respondents == 25)
        for (a, b) in zip(try #require(sums.linearPool), reference.linear) { #expect(abs(a - b) < 1e-12) }
        await store.close()
    }

    /// Nothing listening: opening fails within the timeout with StoreUnavailable, whose message
    /// masks the password.
    @Test func unreachableDatabase() async throws {
        let started = ContinuousClock.now
        await #expect {
            _ = try await PostgresResponseStore(
                url: try DatabaseURL("postgres://ana:s3cret@127.0.0.1:9/none"), logger: Logger(label: "test"),
                options: .init(timeout: .seconds(2)))
        } throws: { error in
            guard let error = error as? StoreUnavailable else { return false }
            return !error.description.contains("s3cret") && error.description.contains("postgres://ana:***@127.0.0.1:9/none")
        }
        // It answers rather than hangs. (Not a tight bound: while the whole suite runs, other
        // tests' computations can hold the concurrency threads the time limit's timer needs.)
        #expect(ContinuousClock.now - started < .seconds(40))
    }

    /// A password the server refuses, or none where it asks for one, is the operator's mistake:
    /// an error at --db (exit 2) with the URL masked; never "unavailable, retry later".
    @Test func refusedCredentials() async throws {
        guard let base = TestPostgres.url else {
            Issue.record(Comment(rawValue: TestPostgres.missing))
            return
        }
        var components = try #require(URLComponents(string: base))
        let password = try #require(components.password, "the test cluster asks for a password over TCP")
        components.password = "hunter2"
        let wrong = try #require(components.string)
        components.password = nil
        let none = try #require(components.string)
        // (Before the store opened a connection of its own, both waited out the time limit and
        // threw StoreUnavailable, which these checks refuse.)
        for (url, expected) in [(wrong, "accepts"), (none, "PGPASSWORD")] {
            await #expect {
                _ = try await PostgresResponseStore(
                    url: try DatabaseURL(url, environment: [:]), logger: Logger(label: "test"),
                    options: Backend.patient)
            } throws: { error in
                guard let error = error as? StoreLocationError else { return false }
                let text = "\(error)"
                return text.contains(expected) && !text.contains("hunter2") && !text.contains(password)
            }
        }
    }

    /// URLs: the parts, the password from the URL or PGPASSWORD, never shown; malformed ones refused
    /// with what each lacks (the command that read the URL says where it came from).
    @Test func databaseURLs() throws {
        let url = try DatabaseURL("postgres://ana:p%40ss@db.example.org:6543/survey?sslmode=require", environment: [:])
        #expect(url.user == "ana" && url.password == "p@ss" && url.host == "db.example.org" && url.port == 6543)
        #expect(url.database == "survey" && url.tls == .require)
        #expect(url.masked == "postgres://ana:***@db.example.org:6543/survey")
        let fromEnvironment = try DatabaseURL("postgresql://bo@localhost/x", environment: ["PGPASSWORD": "pw"])
        #expect(fromEnvironment.password == "pw" && fromEnvironment.port == 5432 && fromEnvironment.tls == .prefer)
        #expect(DatabaseURL.mask("postgres://ana:secret@h:1/d") == "postgres://ana:***@h:1/d")
        for bad in [
            "postgres://", "postgres://h/d", "postgres://ana:secret@/d", "postgres://ana:secret@h", "postgres://ana@h/d?x=1",
            "postgres://ana:secret@h:99999/d",
        ] {
            #expect {
                try DatabaseURL(bad, environment: [:])
            } throws: { error in
                guard let error = error as? StoreLocationError else { return false }
                return !"\(error)".contains("secret")
            }
        }
    }
}

/// The running pools: every stored answer counts, in O(levels) per summary, and publication in
/// batches is atomic and shared by every instance.
@Suite("The response store's running pools (SQLite and PostgreSQL)")
struct PoolSumsStoreTests {
    /// Random beliefs and weights, drawn by a seeded generator.
    static func respondents(_ count: Int, seed: UInt64) -> [StoredResponse] {
        var source = RandomSource(seed: seed)
        return (0..<count).map { i in
            var beliefs = (0..<10).map { _ in source.uniform() < 0.2 ? 0 : source.uniform() }
            beliefs[i % 10] += 0.1
            let total = beliefs.reduce(0, +)
            return StoredResponse(
                respondent: try! Respondent(
                    id: "r\(i)", weight: 0.5 + source.uniform() * 3, beliefs: beliefs.map { $0 / total }, levelCount: 10))
        }
    }

    /// 10 001 answers (more than the old 10 000 cap): the published pools equal the pools of all
    /// of them computed from scratch (``BeliefPools``), and removing one counts it out.
    @Test(arguments: Backend.allCases)
    func everyAnswerCounts(backend: Backend) async throws {
        try await ResponseStoreContractTests.with(backend) { store, _ in
            let all = Self.respondents(10_001, seed: 7)
            try await store.importAll(all)
            let publication = try await store.publication(levels: 10, publishEvery: 1)
            let sums = try #require(publication.published)
            #expect(sums.respondents == 10_001 && publication.waiting == 0)
            let reference = BeliefPools(all.map(\.respondent), divergence: false)
            // Sums of 10⁴ terms in a different order: agreement to rounding (10⁴ × 2⁻⁵² ≈ 2e-12).
            for (a, b) in zip(try #require(sums.linearPool), reference.linear) { #expect(abs(a - b) < 1e-11) }
            for (a, b) in zip(try #require(sums.logarithmicPool), reference.logarithmic) { #expect(abs(a - b) < 1e-9) }
            #expect(try await store.remove(id: "r0"))
            let after = try await store.publication(levels: 10, publishEvery: 1)
            #expect(after.published?.respondents == 10_001 && after.waiting == 0)  // removal publishes nothing
            try await store.add(ResponseStoreContractTests.response("late", 0.5))
            let republished = try #require(try await store.publication(levels: 10, publishEvery: 1).published)
            var expected = all.dropFirst().map(\.respondent)
            expected.append(ResponseStoreContractTests.response("late", 0.5).respondent)
            let pools = BeliefPools(expected, divergence: false)
            #expect(republished.respondents == 10_001)
            for (a, b) in zip(try #require(republished.linearPool), pools.linear) { #expect(abs(a - b) < 1e-11) }
            // The newest published answers, newest first, for the disagreement sample.
            let newest = try await store.respondents(levels: 10, through: Int64.max, newest: 3)
            #expect(newest.map(\.id) == ["late", "r10000", "r9999"])
        }
    }

    /// Below the batch nothing is published; a batch publishes all of it; answers after a
    /// publication wait for the next batch; two stores on one database see the same publication.
    @Test(arguments: Backend.allCases)
    func publicationComesInBatches(backend: Backend) async throws {
        try await ResponseStoreContractTests.with(backend) { store, location in
            let answers = Self.respondents(9, seed: 3)
            for r in answers.prefix(2) { try await store.add(r) }
            let hidden = try await store.publication(levels: 10, publishEvery: 3)
            #expect(hidden.published == nil && hidden.waiting == 2)
            try await store.add(answers[2])
            let first = try await store.publication(levels: 10, publishEvery: 3)
            #expect(first.published?.respondents == 3 && first.waiting == 0 && first.publishedAt != nil)
            for r in answers[3..<5] { try await store.add(r) }
            let unchanged = try await store.publication(levels: 10, publishEvery: 3)
            #expect(unchanged.published == first.published && unchanged.waiting == 2)
            #expect(unchanged.lastNumber == first.lastNumber)
            // A second instance on the same database reads the same publication, then publishes
            // the next batch for both.
            let other = try await Backend.open(location)
            #expect(try await other.publication(levels: 10, publishEvery: 3) == unchanged)
            try await other.add(answers[5])
            let second = try await other.publication(levels: 10, publishEvery: 3)
            #expect(second.published?.respondents == 6 && second.waiting == 0)
            #expect(try await store.publication(levels: 10, publishEvery: 3) == second)
            await other.close()
        }
    }
}
