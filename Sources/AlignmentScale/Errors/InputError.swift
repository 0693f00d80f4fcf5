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
    public var path: FieldPath
    public var expected: String
    public var found: String
    /// An optional hint, such as the nearest known key.
    public var hint: String?

    public init(
        _ category: Category = .invalid,
        location: SourceLocation? = nil,
        path: FieldPath,
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

    /// The message, safe to print on a terminal: each part is cut to a sensible length (a value
    /// echoed from the input may be megabytes long) and control characters are escaped.
    public var description: String {
        var text = ""
        if let location { text += "\(location): " }
        if !path.isEmpty { text += "\(InputError.clip(path.description, limit: 200)): " }
        text += "expected \(InputError.clip(expected, limit: 400)), found \(InputError.clip(found, limit: 300))"
        if let hint { text += " (\(InputError.clip(hint, limit: 300)))" }
        return text
    }
}

extension InputError {
    /// `text` cut to at most `limit` characters (with "…" and the full length when cut), with
    /// control characters shown as escapes (`\u{1B}`), so that echoing what a user or a client
    /// sent can neither flood a terminal nor drive it.
    public static func clip(_ text: String, limit: Int = 80) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit {
                return out + "… (\(text.unicodeScalars.count) characters in all)"
            }
            out += TerminalText.escaped(scalar)
            count += 1
        }
        return out
    }

    /// A number as it should appear in an error message: short, and never in exponent form for ordinary sizes.
    public static func show(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "infinity" : "-infinity" }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}

/// Where each field of an input file was written, kept with what was read from it so that a
/// problem found later (by an analysis, not the parser) can still name its line and column.
///
/// Positions are not part of what a scenario means: two source maps always compare equal.
public struct SourceMap: Sendable, Equatable {
    /// The file as the user named it.
    public var file: String?
    /// Field path → position.
    public var locations: [FieldPath: SourceLocation]

    public init(file: String? = nil, locations: [FieldPath: SourceLocation] = [:]) {
        self.file = file
        self.locations = locations
    }

    public static func == (_: SourceMap, _: SourceMap) -> Bool { true }

    /// Whether `path` or a field that encloses it (not the whole document) was recorded: whether
    /// an error at `path` is about this input at all (a command-line flag is not).
    public func records(_ path: FieldPath) -> Bool {
        var here: FieldPath? = path
        while let current = here, !current.isEmpty {
            if locations[current] != nil { return true }
            here = current.parent
        }
        return false
    }

    /// `error` with the position of its field path, or of the nearest enclosing field that has one
    /// (the whole file at worst). An error that already has a position is returned as it is.
    public func locate(_ error: InputError) -> InputError {
        guard error.location == nil else { return error }
        var located = error
        var path: FieldPath? = error.path
        while let here = path {
            if let location = locations[here] {
                located.location = location
                return located
            }
            path = here.parent
        }
        located.location = SourceLocation(file: file)
        return located
    }
}
