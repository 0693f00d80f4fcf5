import AlignmentScale
import Foundation
import Yams

/// One node of a ``Document`` together with its field path, with typed readers whose errors say
/// where the node is, what was expected and what was found.
public struct Field {
    let node: Node
    /// Such as `programs[2].baseline`; empty for the root.
    public let path: FieldPath
    unowned let document: Document

    init(node: Node, path: FieldPath, document: Document) {
        self.node = node
        self.path = path
        self.document = document
        document.locations[path] = location
    }

    public var location: SourceLocation {
        SourceLocation(file: document.file, line: node.mark?.line, column: node.mark?.column)
    }

    public func error(expected: String, found: String? = nil, hint: String? = nil) -> InputError {
        InputError(.invalid, location: location, path: path, expected: expected, found: found ?? description, hint: hint)
    }

    /// How the value reads in an error message.
    public var description: String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence(let s): return s.isEmpty ? "an empty list" : "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if isNull { return "null" }
            if scalar.style == .plain, Double(scalar.string) != nil { return scalar.string }
            if scalar.style == .plain, ["true", "false"].contains(scalar.string) { return scalar.string }
            let text = scalar.string.count > 40 ? String(scalar.string.prefix(40)) + "…" : scalar.string
            return "the text \"\(text)\""
        }
    }

    /// Whether the value is YAML's null (`null`, `~` or nothing).
    public var isNull: Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// The value as a mapping whose keys must come from `known`; an unknown key is an error that
    /// names the nearest known key.
    public func mapping(known: [String]) throws -> Mapping {
        guard case .mapping(let mapping) = node else { throw error(expected: "a mapping") }
        var entries: [(String, Field)] = []
        for (key, value) in mapping {
            guard case .scalar(let k) = key else {
                throw Field(node: key, path: path, document: document).error(expected: "a text key")
            }
            let childPath = path.appending(k.string)
            if !known.contains(k.string) {
                let keyField = Field(node: key, path: childPath, document: document)
                let hint = Suggestion.nearest(to: k.string, in: known).map { "did you mean '\($0)'?" }
                throw keyField.error(
                    expected: "one of the keys " + known.map { "'\($0)'" }.joined(separator: ", "),
                    found: "the unknown key '\(k.string)'", hint: hint)
            }
            entries.append((k.string, Field(node: value, path: childPath, document: document)))
        }
        return Mapping(field: self, entries: entries)
    }

    /// The value as a mapping with any text keys (such as an allocation keyed by program id).
    public func anyMapping() throws -> [(key: String, field: Field)] {
        guard case .mapping(let mapping) = node else { throw error(expected: "a mapping") }
        return try mapping.map { key, value in
            guard case .scalar(let k) = key else {
                throw Field(node: key, path: path, document: document).error(expected: "a text key")
            }
            return (k.string, Field(node: value, path: path.appending(k.string), document: document))
        }
    }

    public func sequence() throws -> [Field] {
        guard case .sequence(let items) = node else { throw error(expected: "a list") }
        return items.enumerated().map { Field(node: $1, path: path[$0], document: document) }
    }

    /// The value as a list of at most `limit` items, counted before any item is read.
    /// - Throws: ``InputError`` of category `.unsupported` naming the limit (`what` says of what,
    ///   as in "at most 60 programs here").
    public func sequence(atMost limit: Int, what: String) throws -> [Field] {
        if case .sequence(let items) = node, items.count > limit {
            throw InputError(
                .unsupported, location: location, path: path, expected: "at most \(limit) \(what) here",
                found: "\(items.count)")
        }
        return try sequence()
    }

    /// The fraction a percentage such as `30%` or `12.5 %` stands for (`nil` for other text).
    static func percentage(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix("%"), trimmed.count <= 24 else { return nil }
        let number = trimmed.dropLast().trimmingCharacters(in: .whitespaces)
        guard let value = Double(number), value.isFinite, number.first.map({ $0.isNumber || $0 == "." }) == true else {
            return nil
        }
        return value / 100
    }

    /// A finite number written as a plain (unquoted) number.
    public func number() throws -> Double {
        // Built only on failure: checking for distribution syntax costs a string search.
        func notANumber() -> InputError {
            if case .scalar(let scalar) = node, let fraction = Field.percentage(scalar.string) {
                return error(
                    expected: "a number",
                    hint: "write a percentage as a fraction: \(scalar.string) is \(InputError.show(fraction))")
            }
            return looksLikeDistribution
                ? error(
                    expected: "a fixed number here",
                    hint:
                        "only stop_baseline, misuse_baseline and the programs' baseline, ceiling, scale, backfire, evidence and misuse_reduction can be distributions"
                ) : error(expected: "a number")
        }
        guard case .scalar(let scalar) = node, scalar.style == .plain, !isNull else { throw notANumber() }
        let text = scalar.string
        let lowered = text.lowercased()
        if [".nan", "nan", ".inf", "+.inf", "-.inf", "inf", "-inf", "infinity", "-infinity"].contains(lowered) {
            throw error(expected: "a finite number", found: text)
        }
        guard let value = Double(text), text.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true else {
            throw notANumber()
        }
        guard value.isFinite else { throw error(expected: "a finite number", found: text) }
        return value
    }

    /// Whether the value is written like a distribution (`"a to b"` or `{kind: [...]}`).
    var looksLikeDistribution: Bool {
        switch node {
        case .scalar(let scalar): return scalar.string.contains(" to ")
        case .mapping(let mapping):
            return mapping.count == 1 && mapping.keys.contains { Distribution.kinds.contains($0.string ?? "") }
        default: return false
        }
    }

    /// A number or a distribution (AlignmentScale.docc/UncertainParameters.md): `0.3`, `"2 to 8"` (a lognormal's 90% interval),
    /// or a one-key mapping `{ci90: [a, b]}`, `{normal: [mean, sd]}`, `{lognormal: [mu, sigma]}`,
    /// `{uniform: [a, b]}`, `{beta: [α, β]}`, `{triangular: [a, mode, b]}`. Parameters are checked
    /// later, against the field's domain.
    public func distribution() throws -> Distribution {
        let written = "a number, \"a to b\", or a distribution such as {beta: [2, 8]}"
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, Double(scalar.string) != nil || isNull { return .point(try number()) }
            let parts = scalar.string.components(separatedBy: " to ").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let low = Double(parts[0]), let high = Double(parts[1]) else {
                if scalar.style == .plain { return .point(try number()) }
                throw error(expected: written)
            }
            return .ci90(low: low, high: high)
        case .mapping:
            let entries = try anyMapping()
            guard entries.count == 1, let (kind, arguments) = entries.first else {
                throw error(expected: "a distribution with exactly one kind, such as {beta: [2, 8]}")
            }
            guard Distribution.kinds.contains(kind) else {
                throw InputError(
                    .invalid, location: location, path: arguments.path,
                    expected: "one of the distributions " + Distribution.kinds.joined(separator: ", "),
                    found: "'\(kind)'",
                    hint: Suggestion.nearest(to: kind, in: Distribution.kinds).map { "did you mean '\($0)'?" })
            }
            let values = try arguments.sequence().map { try $0.number() }
            let family = Distribution.families.first { $0.name == kind }!
            guard values.count == family.parameters.count else {
                throw arguments.error(
                    expected: "\(family.parameters.count) numbers \(family.written)", found: "\(values.count)")
            }
            switch kind {
            case "ci90": return .ci90(low: values[0], high: values[1])
            case "normal": return .normal(mean: values[0], sd: values[1])
            case "lognormal": return .lognormal(mu: values[0], sigma: values[1])
            case "uniform": return .uniform(low: values[0], high: values[1])
            case "beta": return .beta(alpha: values[0], beta: values[1])
            default: return .triangular(low: values[0], mode: values[1], high: values[2])
            }
        default:
            throw error(expected: written)
        }
    }

    /// A whole number. Its range is the caller's to check (so that an error names the range that
    /// matters, such as the levels of the scale); only numbers too large to be held exactly are
    /// refused here.
    public func integer() throws -> Int {
        let value = try number()
        guard value == value.rounded() else { throw error(expected: "a whole number") }
        guard abs(value) < 9_007_199_254_740_992 else { throw error(expected: "a whole number below 2^53") }
        return Int(value)
    }

    /// Text. An unquoted number or `true`/`false` is not text (YAML and JSON read it as a number
    /// or a truth value, and so does the schema): quoting it makes it text.
    public func string() throws -> String {
        guard case .scalar(let scalar) = node, !(scalar.style == .plain && isNull) else {
            throw error(expected: "text")
        }
        if scalar.style == .plain, Field.isPlainNumberOrBool(scalar.string) {
            throw error(
                expected: "text (in quotes, if a number or true/false is meant as text)",
                found: "the \(scalar.string == "true" || scalar.string == "false" ? "truth value" : "number") \(scalar.string)")
        }
        return scalar.string
    }

    /// Whether an unquoted scalar reads as a number or a truth value in YAML 1.2's core schema
    /// (and in JSON): decimal, octal `0o`, hexadecimal `0x`, `.inf`, `.nan`, `true`, `false`.
    static func isPlainNumberOrBool(_ text: String) -> Bool {
        text.range(
            of:
                #"^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|true|false|True|False|TRUE|FALSE)$"#,
            options: .regularExpression) != nil
    }

    public func bool() throws -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain, ["true", "false"].contains(scalar.string) else {
            throw error(expected: "true or false")
        }
        return scalar.string == "true"
    }

    /// A list of text values.
    public func strings() throws -> [String] { try sequence().map { try $0.string() } }
}

/// A mapping whose keys have been checked against the known ones.
public struct Mapping {
    public let field: Field
    public let entries: [(key: String, field: Field)]

    public subscript(key: String) -> Field? { entries.first { $0.key == key }?.field }

    /// The field for `key`, or an error naming the missing key.
    public func required(_ key: String, expected: String) throws -> Field {
        guard let value = self[key] else {
            throw InputError(
                .invalid, location: field.location, path: field.path.appending(key),
                expected: expected, found: "nothing (the key is missing)")
        }
        return value
    }
}
