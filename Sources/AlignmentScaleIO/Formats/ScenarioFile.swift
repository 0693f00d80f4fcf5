import AlignmentScale
import Foundation

/// A scenario read from a file or a request body, with where each of its fields was written.
///
/// The positions stay here, in the I/O layer, beside the scenario: the model has no use for
/// them, but a problem found after reading (a limit, the race's step) should still name its line
/// and column, so whoever read the file places such errors with ``locating(_:)``.
public struct ScenarioFile: Sendable {
    public let scenario: Scenario
    /// Field path → where it was written.
    public let positions: SourceMap

    public init(scenario: Scenario, positions: SourceMap = SourceMap()) {
        self.scenario = scenario
        self.positions = positions
    }

    /// The built-in illustrative scenario (no file, no positions).
    public static let builtinDefault = ScenarioFile(scenario: .builtinDefault)

    /// Loads a scenario from a YAML or JSON file; a `scale:` path is read relative to the file's folder.
    /// - Throws: ``InputError`` with the file, line, column and field path of the first problem.
    public init(contentsOf path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try self.init(document: Document(contentsOf: path), scaleFiles: .readable(relativeTo: folder))
    }

    /// Reads a scenario from a parsed document (see ``AlignmentScale/Scenario/init(document:scaleFiles:limits:)``).
    public init(document: Document, scaleFiles: ScaleFiles = .refused, limits: Limits = .commandLine) throws {
        do {
            scenario = try Scenario.read(document.root, scaleFiles: scaleFiles, limits: limits)
            positions = document.sourceMap
        } catch let error as InputError {
            throw error.location == nil ? document.locate(error) : error
        }
    }

    /// `error` at the position of its field (or of the nearest enclosing one), unless it has one.
    public func locate(_ error: InputError) -> InputError { positions.locate(error) }

    /// `body`'s result; an input error it throws about a field of this scenario is placed in the
    /// file (one about something else, such as a command-line flag, is left as it is).
    public func locating<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as InputError where error.location == nil && positions.records(error.path) {
            throw locate(error)
        }
    }
}
