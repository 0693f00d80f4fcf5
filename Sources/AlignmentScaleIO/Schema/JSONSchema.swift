import AlignmentScale

/// JSON Schema (draft 2020-12) of the tool's file formats, generated from ``FileFormats``.
///
/// ```swift
/// JSONSchema.scenario(scaleFiles: true).rendered()   // what `alignscale schema scenario` prints
/// ```
public enum JSONSchema {
    public static let dialect = "https://json-schema.org/draft/2020-12/schema"

    /// The schema of a scenario file (`scaleFiles: false` for a request to the server).
    public static func scenario(scaleFiles: Bool = true) -> JSONValue {
        withScenarioRules(document(FileFormats.scenario(scaleFiles: scaleFiles), id: "alignscale-scenario.schema.json"))
    }

    /// The rule across keys of a scenario that JSON Schema can state: with the built-in scale (no
    /// `scale`, or `builtin`), a list of beliefs has one value per level. (A `scale` given inline or
    /// as a file sets its own number of levels, and that the beliefs sum to 1 is beyond JSON
    /// Schema; the reader checks both.)
    static func withScenarioRules(_ root: JSONValue) -> JSONValue {
        guard case .object(var fields) = root else { return root }
        let levels = JSONValue.integer(Scale.builtin.levelCount)
        fields.append(("if", .object([("properties", .object([("scale", .object([("const", .string("builtin"))]))]))])))
        fields.append(
            (
                "then",
                .object([
                    (
                        "properties",
                        .object([
                            (
                                "beliefs",
                                .object([
                                    ("if", .object([("type", .string("array"))])),
                                    ("then", .object([("minItems", levels), ("maxItems", levels)])),
                                ])
                            )
                        ])
                    )
                ])
            ))
        return .object(fields)
    }

    /// The schema of a scale file.
    public static func scale() -> JSONValue { document(FileFormats.scale, id: "alignscale-scale.schema.json") }

    /// The schema of a respondents file in JSON (a list of respondents).
    public static func respondents() -> JSONValue {
        var definitions: [(String, JSONValue)] = []
        let item = shape(.object(FileFormats.respondent), into: &definitions)
        return .object(
            [
                ("$schema", .string(dialect)), ("$id", .string("alignscale-respondents.schema.json")),
                ("title", .string("Respondents")),
                (
                    "description",
                    .string(
                        "People's beliefs about the levels, as JSON; a CSV file has the columns id, weight, p1 … pN, comment.")
                ),
                ("type", .string("array")), ("items", item), ("minItems", .integer(1)),
            ] + [("$defs", .object(definitions))])
    }

    /// The schema of one survey answer as the public posts it (no nested objects).
    public static func surveyResponse() -> JSONValue {
        var definitions: [(String, JSONValue)] = []
        return object(FileFormats.surveyResponse, into: &definitions)
    }

    /// A whole schema whose root is `spec`, with every other object in `$defs`.
    static func document(_ spec: ObjectSpec, id: String) -> JSONValue {
        var definitions: [(String, JSONValue)] = []
        guard case .object(let root) = object(spec, into: &definitions) else { return .null }
        return .object(
            [("$schema", .string(dialect)), ("$id", .string(id))] + root
                + (definitions.isEmpty ? [] : [("$defs", .object(definitions))]))
    }

    /// The schema of a scenario as a definition inside another document (the OpenAPI
    /// document's components), with its objects under `prefix`.
    public static func scenarioDefinitions(scaleFiles: Bool) -> [(String, JSONValue)] {
        var definitions: [(String, JSONValue)] = []
        let root = withScenarioRules(object(FileFormats.scenario(scaleFiles: scaleFiles), into: &definitions))
        return [("Scenario", root)] + definitions
    }

    /// An object's schema: its keys, the required ones, and nothing else.
    static func object(_ spec: ObjectSpec, into definitions: inout [(String, JSONValue)]) -> JSONValue {
        var properties: [(String, JSONValue)] = []
        for key in spec.keys {
            guard case .object(var fields) = shape(key.shape, into: &definitions) else { continue }
            var description = key.description
            if let value = key.defaultValue { description += " (default: \(value))" }
            fields.append(("description", .string(description)))
            properties.append((key.name, .object(fields)))
        }
        var fields: [(String, JSONValue)] = [
            ("title", .string(spec.title)), ("description", .string(spec.description)), ("type", .string("object")),
            ("properties", .object(properties)),
        ]
        let required = spec.keys.filter(\.required).map { JSONValue.string($0.name) }
        if !required.isEmpty { fields.append(("required", .array(required))) }
        fields.append(("additionalProperties", .bool(false)))
        return .object(fields)
    }

    /// A shape's schema; objects are defined once in `definitions` and referred to.
    static func shape(_ shape: Shape, into definitions: inout [(String, JSONValue)]) -> JSONValue {
        switch shape {
        case .number(let range): return .object([("type", .string("number"))] + bounds(range))
        case .integer(let range): return .object([("type", .string("integer"))] + bounds(range))
        case .uncertain(let range):
            if !definitions.contains(where: { $0.0 == "Distribution" }) {
                definitions.append(("Distribution", distribution))
            }
            return .object([
                (
                    "anyOf",
                    .array([
                        .object([("type", .string("number"))] + bounds(range)),
                        .object([("$ref", .string(reference("Distribution")))]),
                    ])
                )
            ])
        case let .text(pattern, maxLength):
            var fields: [(String, JSONValue)] = [("type", .string("string"))]
            if let pattern { fields.append(("pattern", .string(pattern))) }
            if let maxLength { fields.append(("maxLength", .integer(maxLength))) }
            return .object(fields)
        case .choice(let words): return .object([("enum", .array(words.map { .string($0) }))])
        case .boolean: return .object([("type", .string("boolean"))])
        case .null: return .object([("type", .string("null"))])
        case let .list(item, minItems, maxItems):
            var fields: [(String, JSONValue)] = [("type", .string("array")), ("items", self.shape(item, into: &definitions))]
            if let minItems { fields.append(("minItems", .integer(minItems))) }
            if let maxItems { fields.append(("maxItems", .integer(maxItems))) }
            return .object(fields)
        case let .map(keys, values, maxEntries):
            var fields: [(String, JSONValue)] = [
                ("type", .string("object")), ("propertyNames", .object([("pattern", .string(keys))])),
                ("additionalProperties", self.shape(values, into: &definitions)),
            ]
            if let maxEntries { fields.append(("maxProperties", .integer(maxEntries))) }
            return .object(fields)
        case .object(let spec):
            if !definitions.contains(where: { $0.0 == spec.title }) {
                definitions.append((spec.title, .null))  // reserve the name before recursing
                let schema = object(spec, into: &definitions)
                if let index = definitions.firstIndex(where: { $0.0 == spec.title }) { definitions[index].1 = schema }
            }
            return .object([("$ref", .string(reference(spec.title)))])
        case .either(let shapes): return .object([("anyOf", .array(shapes.map { self.shape($0, into: &definitions) }))])
        case .constant(let value): return .object([("const", .integer(value))])
        }
    }

    /// Where definitions live; the OpenAPI document rewrites it to its components.
    static func reference(_ name: String) -> String { "#/$defs/\(name)" }

    static func bounds(_ range: NumberRange) -> [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = []
        if let minimum = range.minimum {
            fields.append((range.exclusiveMinimum ? "exclusiveMinimum" : "minimum", .number(minimum)))
        }
        if let maximum = range.maximum {
            fields.append((range.exclusiveMaximum ? "exclusiveMaximum" : "maximum", .number(maximum)))
        }
        return fields
    }

    /// A distribution of AlignmentScale.docc/UncertainParameters.md: `"a to b"`, or a one-key mapping {kind: [parameters]}.
    static var distribution: JSONValue {
        /// `{name: [parameters]}` with each parameter's own rule; a rule between parameters is
        /// only described (JSON Schema cannot compare two numbers).
        func family(_ f: Distribution.Family) -> JSONValue {
            let items: [JSONValue] = f.positive.map { positive in
                .object([("type", .string("number"))] + (positive ? [("exclusiveMinimum", .integer(0))] : []))
            }
            let rules =
                f.parameters.enumerated().filter { f.positive[$0.offset] }.map { "\($0.element) > 0" }
                + (f.order.map { [$0] } ?? [])
            let meaning = "\(f.written): \(f.meaning)" + (rules.isEmpty ? "" : ", with " + rules.joined(separator: " and "))
            return .object([
                ("type", .string("object")),
                (
                    "properties",
                    .object([
                        (
                            f.name,
                            .object([
                                ("type", .string("array")), ("prefixItems", .array(items)), ("items", .bool(false)),
                                ("minItems", .integer(f.parameters.count)), ("description", .string(meaning)),
                            ])
                        )
                    ])
                ),
                ("required", .array([.string(f.name)])), ("additionalProperties", .bool(false)),
            ])
        }
        // "a to b" needs 0 < a < b: two unsigned numbers, each with a non-zero digit (a < b is the reader's).
        let positive = "\\+?([0-9]*[1-9][0-9]*(\\.[0-9]*)?|[0-9]*\\.[0-9]*[1-9][0-9]*)([eE][-+]?[0-9]+)?"
        return .object([
            ("title", .string("Distribution")),
            (
                "description",
                .string(
                    "An uncertain parameter: 'a to b' (a lognormal with 5th and 95th percentiles a and b, 0 < a < b) or "
                        + "{kind: [...]}.")
            ),
            (
                "anyOf",
                .array(
                    [.object([("type", .string("string")), ("pattern", .string("^\\s*\(positive)\\s+to\\s+\(positive)\\s*$"))])]
                        + Distribution.families.map(family))
            ),
        ])
    }
}
