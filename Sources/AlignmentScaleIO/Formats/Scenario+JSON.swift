import AlignmentScale
import Foundation

extension Distribution {
    /// The distribution as a scenario file writes it: a number, `"a to b"`, or `{kind: [..]}`.
    public var json: JSONValue {
        switch self {
        case .point(let v): return .number(v)
        case let .ci90(a, b): return .string("\(InputError.show(a)) to \(InputError.show(b))")
        case let .normal(m, sd): return .object([("normal", .numbers([m, sd]))])
        case let .lognormal(mu, sigma): return .object([("lognormal", .numbers([mu, sigma]))])
        case let .uniform(a, b): return .object([("uniform", .numbers([a, b]))])
        case let .beta(a, b): return .object([("beta", .numbers([a, b]))])
        case let .triangular(a, m, b): return .object([("triangular", .numbers([a, m, b]))])
        }
    }
}

extension Scenario {
    /// The scenario in the file schema of AlignmentScale.docc/JSONOutputs.md, as JSON: loading it back gives the same
    /// scenario (uncertain parameters are written as their distributions). A scale other than the
    /// built-in one is written inline, so the JSON stands alone (a server reads no scale files).
    public var json: JSONValue {
        var uncertain: [String: Distribution] = [:]
        for parameter in uncertainty.parameters { uncertain[parameter.name] = parameter.distribution }
        func value(_ name: String, _ number: Double) -> JSONValue { uncertain[name]?.json ?? .number(number) }
        func key(_ field: ScenarioField) -> String { field.rawValue }
        // A list by level writes each element as its distribution when it has one.
        func levels(_ name: String, _ values: [Double]) -> JSONValue {
            .array(values.enumerated().map { value("\(name)[\($0)]", $1) })
        }
        // A number given as a list by level or as a distribution is written as given.
        func scalar(_ field: ScenarioField, _ number: Double, byLevel: [Double]?) -> (String, JSONValue) {
            (key(field), byLevel.map { levels(key(field), $0) } ?? value(key(field), number))
        }
        var fields: [(String, JSONValue)] = [
            (key(.version), .integer(1)), (key(.name), .string(name)),
            (key(.scale), scale == .builtin ? .string("builtin") : scale.json), (key(.beliefs), .numbers(beliefs)),
        ]
        if let beliefConcentration { fields.append((key(.beliefConcentration), .number(beliefConcentration))) }
        fields += [
            (key(.budget), .number(budget)),
            scalar(.stopBaseline, stopBaseline, byLevel: structure.stopBaselineByLevel),
            scalar(.misuseBaseline, misuseBaseline, byLevel: structure.misuseBaselineByLevel),
            (key(.frontier), .number(frontier)),
        ]
        // The switches of the plain model are written only when on, so a plain scenario reads as before.
        for (field, number) in [
            (ScenarioField.stopCost, structure.stopCost), (.falseAlarmBaseline, structure.falseAlarmBaseline),
        ]
        where number != field.defaultNumber {
            fields.append((key(field), .number(number)))
        }
        let programList: [JSONValue] = programs.map { p in
            let prefix = "programs.\(p.id)."
            var entries: [(String, JSONValue)] = [
                ("id", .string(p.id)), ("name", .string(p.name)), ("kind", .string(p.kind.rawValue)),
            ]
            if let level = p.level { entries.append(("level", .integer(level))) }
            for field in ProgramField.allCases {
                let byLevel = field == .backfire ? p.backfireByLevel : field == .evidence ? p.evidenceByLevel : nil
                entries.append(
                    (
                        field.rawValue,
                        byLevel.map { levels(prefix + field.rawValue, $0) } ?? value(prefix + field.rawValue, p[field])
                    ))
            }
            if p.falseAlarm != 0 { entries.append(("false_alarm", .number(p.falseAlarm))) }
            entries.append(("requires", .array(p.requires.map { .string($0) })))
            entries.append(("min", .number(p.minimum)))
            if let maximum = p.maximum { entries.append(("max", .number(maximum))) }
            return .object(entries)
        }
        fields.append((key(.programs), .array(programList)))
        if let allocation { fields.append((key(.allocation), allocationJSON(allocation))) }
        if !uncertainty.correlations.isEmpty {
            fields.append(
                (
                    key(.correlations),
                    .array(
                        uncertainty.correlations.map {
                            .object([("between", .array([.string($0.first), .string($0.second)])), ("rank", .number($0.rank))])
                        })
                ))
        }
        if !orderings.isEmpty {
            fields.append(
                (
                    key(.orderings),
                    .array(
                        orderings.map { ordering in
                            var entries: [(String, JSONValue)] = [
                                ("name", .string(ordering.name)), ("credence", .number(ordering.credence)),
                                ("levels", .object(ordering.levels.map { ($0.id, .integer($0.level)) })),
                            ]
                            if let beliefs = ordering.beliefs { entries.append(("beliefs", .numbers(beliefs))) }
                            return .object(entries)
                        })
                ))
        }
        if !evidence.isEmpty {
            fields.append((key(.evidence), .array(evidence.map(\.json))))
        }
        if !experiments.isEmpty {
            fields.append((key(.experiments), .array(experiments.map(\.json))))
        }
        var timelineFields: [(String, JSONValue)] = [
            ("start", .number(timeline.start)), ("step", .number(timeline.step)), ("tai_years", timeline.taiYears.json),
        ]
        if let r0 = timeline.requiredNow { timelineFields.append(("required_now", .number(r0))) }
        timelineFields += [("shape", .number(timeline.shape)), ("reference_years", .number(timeline.referenceYears))]
        var automation: [(String, JSONValue)] = [("factor", .number(timeline.automationFactor))]
        if let level = timeline.automationLevel { automation.insert(("level", .integer(level)), at: 0) }
        timelineFields.append(("automation", .object(automation)))
        if timeline.gapHazard != 0 { timelineFields.append(("gap_hazard", .number(timeline.gapHazard))) }
        fields.append((key(.timeline), .object(timelineFields)))
        return .object(fields)
    }
}

extension Observation {
    /// The observation as a scenario file writes it: the threshold shorthand when it was given so.
    public var json: JSONValue {
        guard let statement, let sensitivity, let specificity else {
            return .object([("name", .string(name)), ("likelihood", .numbers(likelihood))])
        }
        return .object([
            ("name", .string(name)), ("says", .string(statement.description)), ("sensitivity", .number(sensitivity)),
            ("specificity", .number(specificity)),
        ])
    }
}

extension Experiment {
    /// The experiment as a scenario file writes it: the threshold shorthand when it was given so.
    public var json: JSONValue {
        guard let statement, let sensitivity, let specificity else {
            return .object([
                ("id", .string(id)), ("cost", .number(cost)),
                (
                    "outcomes",
                    .array(outcomes.map { .object([("name", .string($0.name)), ("likelihood", .numbers($0.likelihood))]) })
                ),
            ])
        }
        return .object([
            ("id", .string(id)), ("cost", .number(cost)), ("says", .string(statement.description)),
            ("sensitivity", .number(sensitivity)), ("specificity", .number(specificity)),
        ])
    }
}
