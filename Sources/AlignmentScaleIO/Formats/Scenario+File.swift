import AlignmentScale
import Foundation

extension Scenario {
    /// The keys of each part of a scenario file, from the one description of the format.
    static let format = FileFormats.scenario(scaleFiles: true)

    /// Loads a scenario from a YAML or JSON file (AlignmentScale.docc/JSONOutputs.md). A `scale:` path is read relative to
    /// the scenario file's folder.
    /// - Throws: ``InputError`` with the file, line, column and field path of the first problem.
    public static func load(contentsOf path: String) throws -> Scenario {
        try ScenarioFile(contentsOf: path).scenario
    }

    /// Reads a scenario from a parsed document.
    ///
    /// - Parameters:
    ///   - document: the parsed file or request body.
    ///   - scaleFiles: whether `scale:` may name a file to read. Text from elsewhere (a request to
    ///     the server) must not make the tool open files: it may only say `builtin` or give the
    ///     scale inline, which is the default.
    ///   - limits: how many programs, levels and orderings are accepted; each list is counted
    ///     before its items are read, so an oversized input costs no more than its count.
    /// (The positions of its fields are dropped: ``ScenarioFile`` keeps them.)
    public init(document: Document, scaleFiles: ScaleFiles = .refused, limits: Limits = .commandLine) throws {
        self = try ScenarioFile(document: document, scaleFiles: scaleFiles, limits: limits).scenario
    }

    static func read(_ root: Field, scaleFiles: ScaleFiles, limits: Limits) throws -> Scenario {
        let top = try root.mapping(known: format.names)
        if let version = top[.version], try version.integer() != 1 {
            throw version.error(expected: "version 1 (the only scenario format so far)")
        }
        var scale = Scale.builtin
        var scaleSource = "builtin"
        if let scaleField = top[.scale] {
            (scale, scaleSource) = try readScale(scaleField, files: scaleFiles, maximumLevels: limits.levels)
        }
        let beliefs = try readBeliefs(try top.required(format[.beliefs]), levelCount: scale.levelCount)
        let budget = try top.required(format[.budget]).number()
        var uncertain: [UncertainParameter] = []
        let programs = try top.required(format[.programs]).sequence(atMost: limits.programs, what: "programs")
            .enumerated().map {
                try readProgram($1, index: $0, scale: scale, uncertain: &uncertain)
            }
        var byLevel: [ScenarioField: [Double]] = [:]
        func scalar(_ key: ScenarioField, _ target: ParameterTarget) throws -> Double {
            guard let field = top[key] else { return try top.number(key) }
            let levelTarget: (Int) -> ParameterTarget =
                target == .stopBaseline ? { .stopBaselineAtLevel($0) } : { .misuseBaselineAtLevel($0) }
            if let list = try readByLevel(field, name: key.rawValue, target: levelTarget, uncertain: &uncertain) {
                byLevel[key] = list
                return list[0]
            }
            let distribution = try field.distribution()
            if case .point(let value) = distribution { return value }
            uncertain.append(
                UncertainParameter(name: key.rawValue, fieldPath: key.path, target: target, distribution: distribution))
            return distribution.support.lower
        }
        let stopBaseline = try scalar(.stopBaseline, .stopBaseline)
        let misuseBaseline = try scalar(.misuseBaseline, .misuseBaseline)
        let correlations = try top[.correlations].map(readCorrelations) ?? []
        var allocation: [String: Double]? = nil
        if let field = top[.allocation] {
            allocation = [:]
            for (id, amount) in try field.anyMapping() {
                allocation![id] = try amount.number()
            }
        }
        return try Scenario(
            name: try top[.name]?.string() ?? "", scale: scale, scaleSource: scaleSource, beliefs: beliefs,
            normalize: try top[.normalize]?.bool() ?? false, budget: budget,
            stopBaseline: stopBaseline, misuseBaseline: misuseBaseline,
            frontier: try top.number(.frontier), programs: programs, allocation: allocation,
            beliefConcentration: try top[.beliefConcentration]?.number(),
            uncertainty: Uncertainty(parameters: uncertain, correlations: correlations),
            timeline: try top[.timeline].map(readTimeline) ?? Timeline(),
            orderings: try top[.orderings].map {
                try readOrderings($0, levelCount: scale.levelCount, limit: min(limits.orderings, maximumOrderings))
            } ?? [],
            structure: Structure(
                stopBaselineByLevel: byLevel[.stopBaseline], misuseBaselineByLevel: byLevel[.misuseBaseline],
                stopCost: try top.number(.stopCost), falseAlarmBaseline: try top.number(.falseAlarmBaseline)),
            evidence: try top[.evidence].map {
                try readEvidence($0, levelCount: scale.levelCount, limit: limits.programs)
            } ?? [],
            experiments: try top[.experiments].map {
                try readExperiments($0, levelCount: scale.levelCount, limit: limits.programs)
            } ?? [])
    }

    /// `experiments: [{id, cost, outcomes: [{name, likelihood}]}]` or the threshold shorthand
    /// `[{id, cost, says, sensitivity, specificity}]`.
    private static func readExperiments(_ field: Field, levelCount n: Int, limit: Int) throws -> [Experiment] {
        try field.sequence(atMost: limit, what: "experiments").map { item in
            let m = try item.mapping(known: FileFormats.experiment.names)
            let id = try m.required(FileFormats.experiment["id"]).string()
            let cost = try m["cost"]?.number() ?? 0
            if let outcomes = m["outcomes"] {
                if let says = m["says"] { throw says.error(expected: "either outcomes or what a test says, not both") }
                return Experiment(
                    id: id, cost: cost,
                    outcomes: try outcomes.sequence(atMost: max(n, 2) * 4, what: "outcomes").map { outcome in
                        let o = try outcome.mapping(known: FileFormats.outcome.names)
                        return Experiment.Outcome(
                            name: try o.required(FileFormats.outcome["name"]).string(),
                            likelihood: try o.required(FileFormats.outcome["likelihood"]).sequence().map { try $0.number() })
                    })
            }
            let test = try readThresholdTest(
                m, item: item, levelCount: n, expected: "outcomes, or `says` with `sensitivity` and `specificity`")
            return Experiment(
                id: id, cost: cost, says: test.statement, sensitivity: test.sensitivity, specificity: test.specificity,
                levelCount: n)
        }
    }

    /// `says`, `sensitivity` and `specificity` of a threshold test, each checked where it is written.
    private static func readThresholdTest(
        _ m: Mapping, item: Field, levelCount n: Int, expected: String
    ) throws -> (statement: Observation.Statement, sensitivity: Double, specificity: Double) {
        guard let saysField = m["says"] else { throw item.error(expected: expected) }
        let statement = try readStatement(saysField, levelCount: n)
        func probability(_ key: String) throws -> Double {
            let source = try m.required(key, expected: "with says: a probability in [0, 1]")
            let value = try source.number()
            guard value.isFinite, (0...1).contains(value) else {
                throw source.error(expected: "a probability in [0, 1]", found: InputError.show(value))
            }
            return value
        }
        return (statement, try probability("sensitivity"), try probability("specificity"))
    }

    /// `evidence: [{name, likelihood: [..N]}]` or `[{name, says: "k > t", sensitivity, specificity}]`.
    private static func readEvidence(_ field: Field, levelCount n: Int, limit: Int) throws -> [Observation] {
        try field.sequence(atMost: limit, what: "observations").map { item in
            let m = try item.mapping(known: FileFormats.observation.names)
            let name = try m.required(FileFormats.observation["name"]).string()
            if let likelihood = m["likelihood"] {
                if let says = m["says"] {
                    throw says.error(expected: "either a likelihood or what a test says, not both")
                }
                return Observation(name: name, likelihood: try likelihood.sequence().map { try $0.number() })
            }
            let test = try readThresholdTest(
                m, item: item, levelCount: n, expected: "a likelihood list, or `says` with `sensitivity` and `specificity`")
            return Observation(
                name: name, says: test.statement, sensitivity: test.sensitivity, specificity: test.specificity, levelCount: n)
        }
    }

    /// `"k > t"` or `"k <= t"`, t a level from 1 to N − 1 (so the statement can be true or false).
    private static func readStatement(_ field: Field, levelCount n: Int) throws -> Observation.Statement {
        let text = try field.string()
        let expected = "\"k > t\" or \"k <= t\", t a level from 1 to \(max(n - 1, 1))"
        let compact = text.filter { !$0.isWhitespace }
        let statement: Observation.Statement?
        if compact.hasPrefix("k<="), let t = Int(compact.dropFirst(3)) {
            statement = .atMost(t)
        } else if compact.hasPrefix("k>"), !compact.hasPrefix("k>="), let t = Int(compact.dropFirst(2)) {
            statement = .above(t)
        } else {
            statement = nil
        }
        guard let statement else { throw field.error(expected: expected, found: "'\(InputError.clip(text, limit: 60))'") }
        switch statement {
        case .above(let t), .atMost(let t):
            guard (1..<n).contains(t) else {
                throw field.error(expected: expected, found: "'\(InputError.clip(text, limit: 60))'")
            }
        }
        return statement
    }

    /// A value given by level: a list with one element per level of the scale (the scenario checks
    /// the count), each a number or a distribution. A distribution becomes an uncertain parameter
    /// named `name[k]` (such as `programs.rlhf.evidence[7]`) with the target `target(k)`; its place in
    /// the list holds a placeholder that the scenario replaces by its median. `nil` when the field is
    /// not a list.
    fileprivate static func readByLevel(
        _ field: Field, name: String, target: (Int) -> ParameterTarget, uncertain: inout [UncertainParameter]
    ) throws -> [Double]? {
        guard case .sequence = field.node else { return nil }
        return try field.sequence().enumerated().map { k, item in
            let distribution = try item.distribution()
            if case .point(let value) = distribution { return value }
            uncertain.append(
                UncertainParameter(name: "\(name)[\(k)]", fieldPath: item.path, target: target(k), distribution: distribution))
            return 0
        }
    }

    /// `scale:` is `builtin`, an inline scale (the shape `alignscale scale --format json` prints),
    /// or, where `files` allows, the path of a scale file.
    private static func readScale(_ field: Field, files: ScaleFiles, maximumLevels: Int) throws -> (Scale, String) {
        let written = "`builtin`, an inline scale (a mapping with `levels`)"
        if case .mapping = field.node {
            do {
                return (try Scale.read(field, maximumLevels: maximumLevels), "inline")
            } catch var error as InputError where error.location == nil {
                error.path = field.path.appending(error.path)
                throw field.document.locate(error)
            }
        }
        guard case .scalar(let scalar) = field.node, !field.isNull,
            !(scalar.style == .plain && (Double(scalar.string) != nil || ["true", "false"].contains(scalar.string)))
        else {
            throw field.error(expected: written + (files.allowsFiles ? " or the path of a scale file" : ""))
        }
        let name = scalar.string
        if name == "builtin" { return (.builtin, "builtin") }
        guard case .readable(let folder) = files else {
            throw field.error(
                expected: written + "; scale files are not read here, so send the scale itself",
                found: "the text \"\(InputError.clip(name, limit: 60))\"")
        }
        let resolved =
            name.hasPrefix("/") || folder == nil ? name : URL(fileURLWithPath: folder!).appendingPathComponent(name).path
        do {
            return (try Scale(document: Document(contentsOf: resolved), maximumLevels: maximumLevels), name)
        } catch let error as InputError where error.category == .unreadable && error.path.isEmpty && error.location?.line == nil {
            throw field.error(
                expected: written + " or the path of a readable scale file",
                found: "'\(InputError.clip(name, limit: 120))', which names \(error.found) at \(resolved)")
        }
    }

    /// A program's level: its number, or the name of one of the scale's levels (in any case),
    /// which stands for its number. Other text is an error that lists the levels.
    static func readLevel(_ field: Field, scale: Scale) throws -> Int {
        guard case .scalar(let scalar) = field.node, scalar.style != .plain || Double(scalar.string) == nil, !field.isNull else {
            return try field.integer()
        }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        if let level = scale.levels.first(where: { $0.name.lowercased() == text.lowercased() }) { return level.number }
        let nearest = Suggestion.nearest(to: text, in: scale.levels.map(\.name)).flatMap { name in
            scale.levels.first { $0.name == name }
        }
        throw field.error(
            expected: "a level: a number from 1 to \(scale.levelCount), or a level's name",
            hint: nearest.map { "did you mean '\($0.name)' (level \($0.number))?" }
                ?? "`alignscale scale` lists the levels by number and name")
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
            field.document.locations[field.path[level - 1]] = value.location
        }
        return beliefs
    }

    fileprivate static func readProgram(
        _ field: Field, index j: Int, scale: Scale, uncertain: inout [UncertainParameter]
    ) throws -> Program {
        let m = try field.mapping(known: FileFormats.program.names)
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
        let id = try m.required(FileFormats.program["id"]).string()
        // An uncertain field gets a placeholder here; the scenario puts its median in.
        func value(_ field: ProgramField, _ source: Field?) throws -> Double? {
            guard let source else { return nil }
            let distribution = try source.distribution()
            if case .point(let value) = distribution { return value }
            uncertain.append(
                UncertainParameter(
                    name: "programs.\(id).\(field.rawValue)", fieldPath: source.path, target: .program(j, field),
                    distribution: distribution))
            return 0
        }
        func levels(_ field: ProgramField) throws -> [Double]? {
            guard let source = m[field.rawValue] else { return nil }
            return try readByLevel(
                source, name: "programs.\(id).\(field.rawValue)", target: { .programAtLevel(j, field, $0) },
                uncertain: &uncertain)
        }
        // A field a file may leave out: its value, or the default the core declares.
        func optional(_ field: ProgramField) throws -> Double {
            try value(field, m[field.rawValue]) ?? field.defaultNumber!
        }
        let backfireLevels = try levels(.backfire)
        let evidenceLevels = try levels(.evidence)
        var program = Program(
            id: id, name: try m["name"]?.string(), kind: kind, level: try m["level"].map { try readLevel($0, scale: scale) },
            baseline: try value(
                .baseline, m.required(FileFormats.program[ProgramField.baseline.rawValue]))!,
            ceiling: try optional(.ceiling),
            scale: try value(
                .scale, m.required(FileFormats.program[ProgramField.scale.rawValue]))!,
            backfire: try backfireLevels.map { $0[0] } ?? optional(.backfire),
            evidence: try evidenceLevels.map { $0[0] } ?? optional(.evidence),
            misuseReduction: try optional(.misuseReduction),
            requires: try m["requires"]?.strings() ?? [],
            minimum: try m["min"]?.number() ?? 0, maximum: try m["max"]?.number())
        program.backfireByLevel = backfireLevels
        program.evidenceByLevel = evidenceLevels
        program.falseAlarm = try m["false_alarm"]?.number() ?? 0
        return program
    }

    /// `timeline: {start, step, tai_years, required_now, shape, reference_years, automation: {level, factor}}`.
    private static func readTimeline(_ field: Field) throws -> Timeline {
        let m = try field.mapping(known: FileFormats.timeline.names)
        var timeline = Timeline()
        if let v = m["start"] { timeline.start = try v.number() }
        if let v = m["step"] { timeline.step = try v.number() }
        if let v = m["required_now"] { timeline.requiredNow = try v.number() }
        if let v = m["shape"] { timeline.shape = try v.number() }
        if let v = m["reference_years"] { timeline.referenceYears = try v.number() }
        if m["tai_years"] == nil, let v = m["reference_years"], timeline.referenceYears > Timeline.maximumYears {
            // Without tai_years, transformative AI arrives after reference_years: say so at the key the file has.
            throw v.error(
                expected:
                    "at most \(InputError.show(Timeline.maximumYears)) years when tai_years is not given (transformative AI "
                    + "then arrives after reference_years)")
        }
        timeline.taiYears = try m["tai_years"]?.distribution() ?? .point(timeline.referenceYears)
        if let v = m["gap_hazard"] { timeline.gapHazard = try v.number() }
        if let automation = m["automation"] {
            let a = try automation.mapping(known: FileFormats.automation.names)
            if let v = a["level"] { timeline.automationLevel = try v.integer() }
            if let v = a["factor"] { timeline.automationFactor = try v.number() }
        }
        return timeline
    }

    /// `orderings: [{name, credence, levels: {id: level or null}, beliefs}]` (AlignmentScale.docc/DisputedOrderings.md).
    private static func readOrderings(_ field: Field, levelCount: Int, limit: Int) throws -> [Ordering] {
        let items = try field.sequence(atMost: limit, what: "alternative orderings")
        return try items.map { item in
            let m = try item.mapping(known: FileFormats.ordering.names)
            let name = try m.required(FileFormats.ordering["name"]).string()
            let credence = try m.required(FileFormats.ordering["credence"]).number()
            let levelsField = try m.required(FileFormats.ordering["levels"])
            var levels: [Ordering.LevelChange] = []
            for (id, value) in try levelsField.anyMapping() {
                levels.append(Ordering.LevelChange(id: id, level: value.isNull ? nil : try value.integer()))
            }
            let beliefs = try m["beliefs"].map { try readBeliefs($0, levelCount: levelCount) }
            return Ordering(name: name, credence: credence, levels: levels, beliefs: beliefs)
        }
    }

    /// `correlations: [{between: [PATH, PATH], rank: ρ}]`.
    private static func readCorrelations(_ field: Field) throws -> [RankCorrelation] {
        try field.sequence().map { item in
            let m = try item.mapping(known: FileFormats.correlation.names)
            let between = try m.required(FileFormats.correlation["between"])
            let paths = try between.strings()
            guard paths.count == 2 else { throw between.error(expected: "exactly two parameter paths", found: "\(paths.count)") }
            return RankCorrelation(
                first: paths[0], second: paths[1],
                rank: try m.required(FileFormats.correlation["rank"]).number(), fieldPath: item.path)
        }
    }
}

/// Whether reading a scenario may open a scale file that its `scale:` names.
public enum ScaleFiles: Sendable, Equatable {
    /// Paths are read, relative to this folder (or the working directory when `nil`).
    case readable(relativeTo: String?)
    /// Only `builtin` and inline scales: for text from elsewhere, such as a request to the server.
    case refused

    var allowsFiles: Bool { self != .refused }
}

extension Mapping {
    /// The field for a top-level key of a scenario file.
    fileprivate subscript(field: ScenarioField) -> Field? { self[field.rawValue] }

    /// A top-level number of a scenario file, or the default the core declares for it.
    fileprivate func number(_ field: ScenarioField) throws -> Double {
        guard let value = self[field] else {
            guard let fallback = field.defaultNumber else { preconditionFailure("\(field) has no default") }
            return fallback
        }
        return try value.number()
    }
}

extension ObjectSpec {
    /// The scenario file's key for a top-level field.
    subscript(field: ScenarioField) -> KeySpec { self[field.rawValue] }
}
