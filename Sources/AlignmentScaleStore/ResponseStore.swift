import AlignmentScale
import Foundation
import Logging

/// One stored survey response.
public struct StoredResponse: Sendable, Equatable {
    public var respondent: Respondent
    /// Free text about the ordering of the levels, if the respondent left any.
    public var comment: String?
    public var createdAt: Date

    public init(respondent: Respondent, comment: String? = nil, createdAt: Date = Date()) {
        self.respondent = respondent
        self.comment = comment
        self.createdAt = createdAt
    }

}

/// The store refused a response because its id is already stored (or repeats within one
/// import). Each edge says what to do in its own words: the command line names the command
/// that removes it, the server asks for another id.
public struct DuplicateResponse: Error, Sendable, CustomStringConvertible {
    public let id: String
    /// The row of an import (from 1), or `nil` for one response.
    public let row: Int?

    public init(id: String, row: Int?) {
        self.id = id
        self.row = row
    }

    public var description: String { "a response with the id '\(id)' is already stored" }
}

/// Where survey responses live: an SQLite file on one machine (``SQLiteResponseStore``, the
/// default) or a PostgreSQL database shared by several server instances
/// (``PostgresResponseStore``). Both keep the same contract, which one test suite holds them to:
///
/// - `add` stores one response or refuses an id already stored (``DuplicateResponse``);
/// - `importAll` stores every response or none;
/// - a call that returns has committed: nothing acknowledged is lost;
/// - a store that cannot be reached throws ``StoreUnavailable`` (a server answers 503), never
///   hangs past its timeout, and works again once the database is back, without a restart.
public protocol ResponseStore: Sendable {
    /// Where the responses are, for messages: a file's path, or a database URL without its password.
    var location: String { get }
    /// The kind of database, as `/healthz` reports it: `sqlite` or `postgresql`.
    var backend: String { get }
    func add(_ response: StoredResponse) async throws
    func importAll(_ responses: [StoredResponse]) async throws
    /// Removes the response with this id; answers whether there was one.
    func remove(id: String) async throws -> Bool
    /// Every stored response, oldest first.
    func all() async throws -> [StoredResponse]
    func count() async throws -> Int
    /// The public summary's state over `levels` levels: the sums of every answer at the last
    /// publication, and how many answers were added since. When at least `publishEvery` were,
    /// it first publishes the current sums (atomically, so every instance sharing the store sees
    /// the same publications).
    func publication(levels: Int, publishEvery: Int) async throws -> Publication
    /// The respondents over `levels` levels stored up to the response numbered `number`, newest
    /// first, at most `limit` of them.
    func respondents(levels: Int, through number: Int64, newest limit: Int) async throws -> [Respondent]
    /// Releases connections (a no-op for SQLite).
    func close() async
}

/// What the public summary may show: pools of the answers stored when it was last published,
/// never of the answers since (so no single answer can be told from the difference of two
/// summaries), and how many answers wait.
public struct Publication: Sendable, Equatable {
    /// The sums at the last publication; `nil` before the first.
    public var published: PoolSums?
    /// The number of the newest response the publication counts.
    public var lastNumber: Int64
    public var publishedAt: Date?
    /// Answers added since the last publication.
    public var waiting: Int

    public init(published: PoolSums?, lastNumber: Int64, publishedAt: Date?, waiting: Int) {
        self.published = published
        self.lastNumber = lastNumber
        self.publishedAt = publishedAt
        self.waiting = waiting
    }
}

/// The store could not be reached (a lost connection, a database that is down or refusing
/// connections). The operation did not complete; it is worth trying again shortly.
public struct StoreUnavailable: Error, CustomStringConvertible, Sendable {
    /// The store's location, password masked.
    public let location: String
    /// What went wrong, in a few words (never the password or a query).
    public let reason: String

    public var description: String { "the response store (\(location)) is unavailable: \(reason)" }
}

/// Opens the store a location names.
public enum ResponseStores {
    /// `postgres://` or `postgresql://` URLs open PostgreSQL; anything else is an SQLite file's path.
    /// - Throws: ``StoreLocationError`` for a malformed URL, an unusable file or refused credentials;
    ///   ``StoreUnavailable`` when PostgreSQL cannot be reached to bring its schema up to date.
    public static func open(
        _ location: String, logger: Logger = Logger(label: "alignscale.store"),
        options: PostgresResponseStore.Options = .init()
    ) async throws -> any ResponseStore {
        if DatabaseURL.isPostgres(location) {
            return try await PostgresResponseStore(url: try DatabaseURL(location), logger: logger, options: options)
        }
        return try await SQLiteResponseStore.open(path: location)
    }
}

/// Beliefs as stored: a JSON array written with Swift's shortest round-trip form of each double,
/// so reading them back gives the same bits (Foundation's JSON writer rounds on Linux).
enum StoredBeliefs {
    static func encode(_ beliefs: [Double]) -> String {
        "[" + beliefs.map { "\($0)" }.joined(separator: ",") + "]"
    }

    static func decode(_ text: String) -> [Double]? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("["), trimmed.hasSuffix("]") else { return nil }
        let inner = trimmed.dropFirst().dropLast()
        if inner.trimmingCharacters(in: .whitespaces).isEmpty { return [] }
        var values: [Double] = []
        for part in inner.split(separator: ",") {
            guard let value = Double(part.trimmingCharacters(in: .whitespaces)), value.isFinite else { return nil }
            values.append(value)
        }
        return values
    }

    /// A stored row back as a response, checked as on the way in (ids under the rules they were
    /// stored with).
    static func response(
        id: String, weight: Double, levels: Int, beliefs text: String, comment: String?, createdAt: Date
    ) throws -> StoredResponse {
        guard let beliefs = decode(text) else {
            throw InputError(path: "response '\(id)'.beliefs", expected: "a JSON list of numbers", found: text)
        }
        return StoredResponse(
            respondent: try Respondent(
                id: id, weight: weight, beliefs: beliefs, levelCount: levels, fields: .within(FieldPath(key: "response '\(id)'")),
                checkingID: false),
            comment: comment, createdAt: createdAt)
    }
}

/// Running sums as a store keeps them (``PoolSums/text``).
enum PoolSumsText {
    /// - Throws: ``InputError`` when the stored text is not sums over `levels` levels.
    static func read(_ text: String, levels: Int) throws -> PoolSums {
        guard let sums = PoolSums(text: text), sums.levels == levels else {
            throw InputError(path: "pool sums over \(levels) levels", expected: "running sums", found: InputError.clip(text))
        }
        return sums
    }
}
