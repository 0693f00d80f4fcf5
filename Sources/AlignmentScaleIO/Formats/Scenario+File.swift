import AlignmentScale
import Foundation

extension Scenario {
    static let topKeys = [
        "version", "name", "scale", "beliefs", "normalize", "belief_concentration", "budget", "stop_baseline",
        "misuse_baseline", "frontier", "programs", "allocation", "correlations", "timeline",
    ]
    static let programKeys = [
        "id", "name", "kind", "level", "baseline", "ceiling", "scale", "backfire", "evidence", "misuse_reduction",
        "requires", "min", "max",
    ]

    /// Loads a scenario from a YAML or JSON file (MODEL.md §10). A `scale:` path is read relative to
    /// the scenario file's folder.
    /// - Throws: ``InputError`` with the file, line, column and field path of the first problem.
    public static func load(contentsOf path: String) throws -> Scenario {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try Scenario(document: Document(contentsOf: path), folder: folder)
    }

    /// Reads a scenario from a parsed document; `folder` resolves a relative `scale:` path.
    public init(document: Document, folder: String? = nil) throws {
        do {
            self = try Scenario.read(document.root, folder: folder)
        } catch let error as InputError {
            throw error.location == nil ? document.locate(error) : error
        }
    }

    private static func read(_ root: Field, folder: String?) throws -> Scenario {
        let top = try root.mapping(known: topKeys)
        if let version = top["version"], try version.integer() != 1 {
            throw version.error(expected: "version 1 (the only scenario format so far)")
        }
        for later in ["correlations", "timeline"] {
            if let field = top[later] {
                throw InputError(
                    .unsupported, location: field.location, path: field.path,
                    expected:
                        "no '\(later)' section: uncertain parameters and the race over time are not implemented in this version",
                    found: "a '\(later)' section")
            }
        }
        var scale = Scale.builtin
        var scaleSource = "builtin"
        if let scaleField = top["scale"] {
            let name = try scaleField.string()
            if name != "builtin" {
                let resolved =
                    name.hasPrefix("/") || folder == nil ? name : URL(fileURLWithPath: folder!).appendingPathComponent(name).path
                scale = try Scale.load(contentsOf: resolved)
                scaleSource = name
            }
        }
        let beliefs = try readBeliefs(try top.required("beliefs", expected: "one belief per level"), levelCount: scale.levelCount)
        let budget = try top.required("budget", expected: "the budget, a number ≥ 0").number()
        let programs = try top.required("programs", expected: "a list of programs").sequence().map(readProgram)
        var allocation: [String: Double]? = nil
        if let field = top["allocation"] {
            allocation = [:]
            for (id, amount) in try field.anyMapping() {
                allocation![id] = try amount.number()
            }
        }
        return try Scenario(
            name: try top["name"]?.string() ?? "", scale: scale, scaleSource: scaleSource, beliefs: beliefs,
            normalize: try top["normalize"]?.bool() ?? false, budget: budget,
            stopBaseline: try top["stop_baseline"]?.number() ?? 0,
            misuseBaseline: try top["misuse_baseline"]?.number() ?? 0,
            frontier: try top["frontier"]?.number() ?? 3, programs: programs, allocation: allocation,
            beliefConcentration: try top["belief_concentration"]?.number())
    }

    /// Beliefs as a list (level 1 first) or a map level → probability (missing levels are 0).
    private static func readBeliefs(_ field: Field, levelCount: Int) throws -> [Double] {
        if case .sequence = field.node { return try field.sequence().map { try $0.number() } }
        var beliefs = [Double](repeating: 0, count: levelCount)
        for (key, value) in try field.anyMapping() {
            guard let level = Int(key), (1...levelCount).contains(level) else {
                throw value.error(expected: "a level from 1 to \(levelCount) as the key", found: "the key '\(key)'")
            }
            beliefs[level - 1] = try value.number()
            field.document.locations["\(field.path)[\(level - 1)]"] = value.location
        }
        return beliefs
    }

    private static func readProgram(_ field: Field) throws -> Program {
        let m = try field.mapping(known: programKeys)
        var kind = ProgramKind.technique
        if let kindField = m["kind"] {
            let text = try kindField.string()
            guard let parsed = ProgramKind(rawValue: text) else {
                throw kindField.error(
                    expected: "one of " + ProgramKind.allCases.map(\.rawValue).joined(separator: ", "),
                    hint: Suggestion.nearest(to: text, in: ProgramKind.allCases.map(\.rawValue)).map { "did you mean '\($0)'?" })
            }
            kind = parsed
        }
        return Program(
            id: try m.required("id", expected: "a slug id such as 'scalable-oversight'").string(),
            name: try m["name"]?.string(), kind: kind, level: try m["level"]?.integer(),
            baseline: try m.required("baseline", expected: "the readiness with none of our resources, in [0, 1)").number(),
            ceiling: try m["ceiling"]?.number() ?? 1,
            scale: try m.required("scale", expected: "the resources that cut the gap to the ceiling by a factor e").number(),
            backfire: try m["backfire"]?.number() ?? 0, evidence: try m["evidence"]?.number() ?? 0,
            misuseReduction: try m["misuse_reduction"]?.number() ?? 0, requires: try m["requires"]?.strings() ?? [],
            minimum: try m["min"]?.number() ?? 0, maximum: try m["max"]?.number())
    }
}
