import AlignmentScale
import AlignmentScaleIO
import AlignmentScaleStore
import ArgumentParser
import Foundation
import Logging

/// `--db`, shared by the `responses` subcommands: an SQLite file or a PostgreSQL URL.
struct DatabaseOption: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The response store: an SQLite file (created if missing) or postgres://USER@HOST:PORT/DATABASE (the password in the URL or PGPASSWORD). Default: $ALIGNSCALE_DATABASE_URL, else alignscale.sqlite.",
            valueName: "file-or-url"))
    var db: String?

    /// `--db`, else `ALIGNSCALE_DATABASE_URL`, else `alignscale.sqlite`.
    var location: String { DatabaseOption.location(db) }

    /// Where a store is, as messages show it (a URL without its password).
    var shown: String { DatabaseURL.mask(location) }

    /// Where the location came from, for messages: the flag, the environment variable, or the default.
    static func source(_ flag: String?) -> String {
        flag != nil ? "--db" : environmentLocation != nil ? "ALIGNSCALE_DATABASE_URL" : "--db (alignscale.sqlite by default)"
    }

    /// `ALIGNSCALE_DATABASE_URL` when it is set and not empty.
    static var environmentLocation: String? {
        ProcessInfo.processInfo.environment["ALIGNSCALE_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `body`'s result; a location the store cannot use becomes an input error at its source.
    static func opening<T>(_ flag: String?, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreLocationError {
            throw error.inputError(at: FieldPath(key: source(flag)))
        }
    }

    static func location(_ flag: String?) -> String {
        flag ?? environmentLocation ?? "alignscale.sqlite"
    }

    /// Runs `body` with the store open, and closes it after. A duplicate id is an input error at
    /// the id, or at its row of `file` when the responses came from one.
    func with<T>(file: String? = nil, _ body: (any ResponseStore) async throws -> T) async throws -> T {
        // The command's own error says what went wrong; the driver's retries are not news here.
        var logger = Logger(label: "alignscale.store")
        logger.logLevel = .error
        let store = try await DatabaseOption.opening(db) { try await ResponseStores.open(location, logger: logger) }
        do {
            let result = try await body(store)
            await store.close()
            return result
        } catch let duplicate as DuplicateResponse {
            await store.close()
            throw InputError(
                location: duplicate.row == nil ? nil : file.map { SourceLocation(file: $0) },
                path: duplicate.row.map { FieldPath(key: "row \($0) (id '\(duplicate.id)')") } ?? "id",
                expected: "an id not already in the store",
                found: "'\(duplicate.id)', already stored",
                hint: "remove it first with `alignscale responses remove \(duplicate.id)`")
        } catch {
            await store.close()
            throw error
        }
    }
}

struct ResponsesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "responses",
        abstract: "A store of survey responses (beliefs over the levels): an SQLite file or a PostgreSQL database.",
        discussion: """
            Every write is one transaction; several processes (and several `alignscale serve` \
            instances sharing PostgreSQL) may add at once. import adds a whole file or nothing. \
            The store is --db, else $ALIGNSCALE_DATABASE_URL, else alignscale.sqlite in the working \
            directory. A PostgreSQL URL looks like postgres://USER@HOST:5432/DATABASE; its password \
            comes from the URL or PGPASSWORD and is never printed.
            """,
        subcommands: [Add.self, Import.self, List.self, Export.self, Remove.self, Aggregate.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add one response.")

        @Option(name: .long, help: "A unique id for the respondent (default: a new random one).")
        var id: String?

        @Option(name: .long, parsing: .unconditional, help: "Weight in the pools (> 0).")
        var weight: Double = 1

        @Option(name: .long, help: "Beliefs p1,…,pN for levels 1..N, separated by commas; they must sum to 1 (within 1e-6).")
        var beliefs: String

        @Option(name: .long, help: "An optional comment on the ordering of the levels.")
        var comment: String?

        @OptionGroup var shared: SharedScenarioOption
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let scenario = try shared.load()
            var values: [Double] = []
            for (index, text) in beliefs.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
                guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite else {
                    throw InputError(path: "--beliefs[\(index)]", expected: "a number", found: "'\(text)'")
                }
                values.append(value)
            }
            // Errors name the flag each value came from: --beliefs[k] for the k-th belief (from 0, as typed).
            let beliefsFlag = FieldPath(key: "--beliefs")
            let respondent = try Respondent(
                id: id ?? "r-" + UUID().uuidString.prefix(8).lowercased(), weight: weight, beliefs: values,
                levelCount: scenario.scale.levelCount,
                fields: Respondent.Fields(
                    id: FieldPath(key: "--id"), weight: FieldPath(key: "--weight"), beliefs: beliefsFlag,
                    belief: { beliefsFlag[$0] }))
            try await database.with { try await $0.add(StoredResponse(respondent: respondent, comment: comment)) }
            try emit("added \(respondent.id)\n")
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Add every response in a CSV or JSON file (the format `aggregate` reads), or none if any row is bad.")

        @Argument(help: "A CSV or JSON file of responses.")
        var file: String

        @OptionGroup var shared: SharedScenarioOption
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let scenario = try shared.load()
            let entries = try RespondentFile.loadEntries(contentsOf: file, levelCount: scenario.scale.levelCount)
            try await database.with(file: file) {
                try await $0.importAll(entries.map { StoredResponse(respondent: $0.respondent, comment: $0.comment) })
            }
            try emit("imported \(entries.count) response\(entries.count == 1 ? "" : "s") into \(database.shown)\n")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the stored responses.")

        @OptionGroup var database: DatabaseOption
        @OptionGroup var output: FormatOption

        func run() async throws {
            let rows = try await database.with { try await $0.all() }.map(\.row)
            try emit(ResponseTable.render(rows, format: output.format))
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write the stored responses as CSV or JSON, in the format `import` and `aggregate` read.")

        @Option(name: .long, help: "csv or json.")
        var format: OutputFormat = .csv

        @Option(name: .long, help: "Write to this file instead of standard output.")
        var output: String?

        @OptionGroup var database: DatabaseOption

        func validate() throws {
            guard format == .csv || format == .json else { throw ValidationError("--format must be csv or json for export") }
        }

        func run() async throws {
            let text = ResponseTable.render(try await database.with { try await $0.all() }.map(\.row), format: format)
            guard let output else {
                try emit(text)
                return
            }
            try OutputFile.write(text, to: output, option: "--output")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove", abstract: "Remove the response with this id.")

        @Argument(help: "The respondent's id.")
        var id: String

        @OptionGroup var database: DatabaseOption

        func run() async throws {
            guard try await database.with({ try await $0.remove(id: id) }) else {
                throw InputError(path: "id", expected: "the id of a stored response", found: "'\(id)'")
            }
            try emit("removed \(id)\n")
        }
    }

    struct Aggregate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "aggregate", abstract: "Run `alignscale aggregate` on the stored responses.")

        @OptionGroup var shared: SharedScenarioOption
        @OptionGroup var database: DatabaseOption
        @OptionGroup var output: FormatOption

        func run() async throws {
            let scenario = try shared.load()
            let respondents = try await database.with { try await $0.all() }.map(\.respondent)
            guard !respondents.isEmpty else {
                throw InputError(
                    path: "--db", expected: "at least one stored response", found: "an empty store (\(database.shown))")
            }
            for r in respondents where r.beliefs.count != scenario.scale.levelCount {
                throw InputError(
                    path: "response '\(r.id)'", expected: "beliefs over the scenario's \(scenario.scale.levelCount) levels",
                    found: "\(r.beliefs.count)")
            }
            try emit(
                AggregationReport(Aggregation(scenario: scenario, respondents: respondents), scenario: scenario).rendered(
                    output.format))
        }
    }
}

extension StoredResponse {
    var row: (respondent: Respondent, comment: String?, createdAt: Date) { (respondent, comment, createdAt) }
}
