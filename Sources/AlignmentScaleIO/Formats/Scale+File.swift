import AlignmentScale
import Foundation

extension Scale {

    /// Loads a custom scale from a YAML or JSON file in the shape `alignscale scale --format json` prints.
    /// - Throws: ``InputError`` with the file, line, column and field path of the problem.
    public static func load(contentsOf path: String) throws -> Scale {
        try Scale(document: Document(contentsOf: path))
    }

    /// Reads a scale from a parsed document (AlignmentScale.docc/ScenarioFileReference.md).
    /// - Parameters:
    ///   - document: the parsed file.
    ///   - maximumLevels: the most levels accepted, counted before any level is read.
    public init(document: Document, maximumLevels: Int = Limits.commandLine.levels) throws {
        do {
            self = try Scale.read(document.root, maximumLevels: maximumLevels)
        } catch let error as InputError {
            throw error.location == nil ? document.locate(error) : error
        }
    }

    static func read(_ root: Field, maximumLevels: Int) throws -> Scale {
        let top = try root.mapping(known: FileFormats.scale.names)
        let levelFields = try top.required(FileFormats.scale["levels"]).sequence(atMost: maximumLevels, what: "levels")
        let count = levelFields.count
        let levels: [Level] = try levelFields.map { field in
            let m = try field.mapping(known: FileFormats.level.names)
            let bandField = try m.required(FileFormats.level["band"])
            let bandName = try bandField.string()
            guard let band = Band(rawValue: bandName) else {
                throw bandField.error(
                    expected: "one of " + Band.allCases.map(\.rawValue).joined(separator: ", "),
                    hint: Suggestion.nearest(to: bandName, in: Band.allCases.map(\.rawValue)).map { "did you mean '\($0)'?" })
            }
            return Level(
                number: try m.required(FileFormats.level["level"]).integer(),
                name: try m.required(FileFormats.level["name"]).string(),
                technique: try m["technique"]?.string() ?? "",
                band: band,
                summary: try m["summary"]?.string() ?? "",
                risks: try m["risks"]?.strings() ?? [],
                impossible: try m["impossible"]?.bool() ?? false)
        }
        let thresholds: [Threshold] = try (top["thresholds"]?.sequence() ?? []).map { field in
            let m = try field.mapping(known: FileFormats.threshold.names)
            return Threshold(
                after: try m.required(FileFormats.threshold["after"]).integer(),
                name: try m.required(FileFormats.threshold["name"]).string(),
                meaning: try m["meaning"]?.string() ?? "")
        }
        let modes: [FailureMode] = try (top["failure_modes"]?.sequence() ?? []).map { field in
            let m = try field.mapping(known: FileFormats.failureMode.names)
            let firstField = try m.required(FileFormats.failureMode["first_addressed_at"])
            let first = firstField.isNull ? nil : try firstField.integer()
            let name = try m.required(FileFormats.failureMode["name"]).string()
            if let covered = m["covered_by"] {
                return FailureMode(
                    name: name, firstAddressedAt: first, coveredBy: try covered.sequence().map { try $0.integer() })
            }
            return FailureMode(name: name, firstAddressedAt: first, levelCount: count)
        }
        return try Scale(levels: levels, thresholds: thresholds, failureModes: modes)
    }

    /// The scale as JSON in the stable shape of AlignmentScale.docc/JSONOutputs.md (plus `meaning` and `covered_by`).
    public var json: JSONValue {
        .object([
            ("levels", .array(levels.map { $0.json })),
            (
                "thresholds",
                .array(
                    thresholds.map {
                        .object([("after", .integer($0.after)), ("name", .string($0.name)), ("meaning", .string($0.meaning))])
                    })
            ),
            (
                "failure_modes",
                .array(failureModes.map(\.json))
            ),
        ])
    }
}

extension FailureMode {
    var json: JSONValue {
        .object([
            ("name", .string(name)), ("first_addressed_at", .integer(firstAddressedAt)),
            ("covered_by", .array(coveredBy.map { .integer($0) })),
        ])
    }
}

extension Level {
    var json: JSONValue {
        .object([
            ("level", .integer(number)), ("name", .string(name)), ("technique", .string(technique)),
            ("band", .string(band.rawValue)), ("summary", .string(summary)),
            ("risks", .array(risks.map { .string($0) })), ("impossible", .bool(impossible)),
        ])
    }
}
