import Foundation

/// Where in an input file something was found.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    /// The file as the user named it, or `nil` for built-in or in-memory input.
    public var file: String?
    /// Line, starting from 1, when the parser reports one.
    public var line: Int?
    /// Column, starting from 1, when the parser reports one.
    public var column: Int?

    public init(file: String?, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, leaving out what is unknown.
    public var description: String {
        var parts: [String] = [file ?? "<input>"]
        if let line {
            parts.append(String(line))
            if let column { parts.append(String(column)) }
        }
        return parts.joined(separator: ":")
    }
}

/// A problem with something the user wrote: a scale, a scenario, an allocation or a flag.
///
/// Every input error says where (file, line and column when known, and the field path such as
/// `programs[2].baseline`), what was expected and what was found, so that a user can fix the
/// input without reading the code.
///
/// ```swift
/// throw InputError(path: "budget", expected: "a number ≥ 0", found: "-5")
/// // budget: expected a number ≥ 0, found -5
/// ```
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem this is, so callers can tell unusable files from bad values.
    public enum Category: Sendable, Equatable {
        /// The file could not be read or is not text.
        case unreadable
        /// The text is not well-formed YAML or JSON.
        case syntax
        /// The text is well-formed but a value is missing, unknown or out of its domain.
        case invalid
        /// The input is valid but asks for something the tool refuses (such as too many requirements).
        case unsupported
    }

    public var category: Category
    /// Where the offending value is; `nil` until the I/O layer attaches it.
    public var location: SourceLocation?
    /// The field path, such as `programs[2].baseline`; empty for the whole document.
    public var path: String
    public var expected: String
    public var found: String
    /// An optional hint, such as the nearest known key.
    public var hint: String?

    public init(
        _ category: Category = .invalid,
        location: SourceLocation? = nil,
        path: String,
        expected: String,
        found: String,
        hint: String? = nil
    ) {
        self.category = category
        self.location = location
        self.path = path
        self.expected = expected
        self.found = found
        self.hint = hint
    }

    public var description: String {
        var text = ""
        if let location { text += "\(location): " }
        if !path.isEmpty { text += "\(path): " }
        text += "expected \(expected), found \(found)"
        if let hint { text += " (\(hint))" }
        return text
    }
}

extension InputError {
    /// A number as it should appear in an error message: short, and never in exponent form for ordinary sizes.
    public static func show(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "infinity" : "-infinity" }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}
