import AlignmentScale
import AlignmentScaleStore
import Foundation
import TestSupport
import Testing

@Suite("The response store (SQLite through GRDB)")
struct ResponseStoreTests {
    func response(_ id: String, _ first: Double, comment: String? = nil) -> StoredResponse {
        let beliefs = [first] + [Double](repeating: (1 - first) / 9, count: 9)
        return StoredResponse(
            respondent: try! Respondent(id: id, weight: 1.5, beliefs: beliefs, levelCount: 10), comment: comment,
            createdAt: Date(timeIntervalSince1970: 1_790_000_000))
    }

    /// What goes in comes back, in order, with comments (including quotes and SQL-looking text:
    /// the SQL is parameterised); the file is in WAL mode at schema version 1.
    @Test func roundTrip() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let store = try ResponseStore(path: folder.path + "/r.sqlite")
        let tricky = "it's \"5 before 6\"; DROP TABLE response; --"
        let written = [response("ana", 0.3, comment: tricky), response("bo", 0.05), response("o.brien_2", 0.1)]
        for r in written { try store.add(r) }
        let read = try store.all()
        #expect(read.map(\.respondent) == written.map(\.respondent))
        #expect(read.map(\.comment) == written.map(\.comment))
        #expect(read.map(\.createdAt) == written.map(\.createdAt))
        #expect(try store.journalMode() == "wal")
        #expect(try store.storedSchemaVersion() == ResponseStore.schemaVersion)
        #expect(try store.remove(id: "bo"))
        #expect(try !store.remove(id: "bo"))
        #expect(try store.count() == 2)
        // Reopening runs no migration twice and keeps the data.
        #expect(try ResponseStore(path: folder.path + "/r.sqlite").count() == 2)
    }

    /// An import with one bad row (an id already stored) imports nothing and names the row.
    @Test func importIsAllOrNothing() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let store = try ResponseStore(path: folder.path + "/r.sqlite")
        try store.add(response("ana", 0.3))
        #expect {
            try store.importAll([response("bo", 0.1), response("cy", 0.2), response("ana", 0.5)])
        } throws: { ($0 as? InputError)?.path == "row 3 (id 'ana')" }
        #expect(try store.all().map(\.respondent.id) == ["ana"])
        try store.importAll([response("bo", 0.1), response("cy", 0.2)])
        #expect(try store.count() == 3)
        #expect(throws: InputError.self) { try store.add(response("cy", 0.4)) }
    }

    /// Many writers at once, each with its own connection, lose nothing.
    @Test func concurrentWritersInOneProcess() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path + "/r.sqlite"
        _ = try ResponseStore(path: path)
        let failures = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 8) { writer in
            do {
                let store = try ResponseStore(path: path)
                for k in 0..<25 { try store.add(response("w\(writer)-\(k)", 0.1)) }
            } catch {
                failures.update { $0 += 1 }
            }
        }
        #expect(failures.value == 0)
        let ids = try ResponseStore(path: path).all().map(\.respondent.id)
        #expect(ids.count == 200 && Set(ids).count == 200)
    }

    @Test func notAStore() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let path = folder.write("junk.sqlite", "this is not a database, just text that is long enough to have a header")
        #expect { try ResponseStore(path: path) } throws: { ($0 as? InputError)?.path == "--db" }
        #expect { try ResponseStore(path: folder.path) } throws: { ($0 as? InputError)?.path == "--db" }
    }
}

/// A value behind a lock, for counting from concurrent code in tests.
final class Locked<Value>: @unchecked Sendable {
    private var stored: Value
    private let lock = NSLock()
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func update(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}
