/// Where a value sits in an input: keys and list positions from the document's top, such as
/// `programs[2].baseline`, or a command-line flag such as `--beliefs[3]`.
///
/// Paths are built by appending (`appending(_:)`, ``appending(index:)``) and walked up by
/// ``parent``; the text form is only for people. A path written in code as a literal
/// (`"timeline.step"`, `"levels[\(index)].name"`) is read at its dots and brackets; a key that
/// comes from the input (a key the user wrote) is appended whole with `appending(_:)`.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringInterpolation {
    public enum Component: Sendable, Hashable {
        /// A mapping's key (or a flag, or a label such as a CSV row).
        case key(String)
        /// A position in a list, from 0.
        case index(Int)
    }

    public private(set) var components: [Component]

    /// The whole document.
    public static let root = FieldPath([Component]())

    public init(_ components: [Component]) { self.components = components }

    /// One key (a flag such as `--allocation`, a column, a label), taken whole: dots and brackets
    /// in it are not read as structure.
    public init(key: String) { components = key.isEmpty ? [] : [.key(key)] }

    /// Reads `programs[2].baseline`-style text: for paths written in code, not for user input.
    public init(stringLiteral text: String) {
        var components: [Component] = []
        var key = ""
        var inIndex = false
        var index = ""
        for character in text {
            if inIndex {
                if character == "]" {
                    if let position = Int(index) {
                        components.append(.index(position))
                    } else if case .key(let previous) = components.last {
                        components[components.count - 1] = .key(previous + "[\(index)]")
                    } else {
                        components.append(.key("[\(index)]"))
                    }
                    inIndex = false
                    index = ""
                } else {
                    index.append(character)
                }
            } else if character == "." {
                if !key.isEmpty { components.append(.key(key)) }
                key = ""
            } else if character == "[" {
                if !key.isEmpty { components.append(.key(key)) }
                key = ""
                inIndex = true
            } else {
                key.append(character)
            }
        }
        if inIndex { key += "[" + index }
        if !key.isEmpty { components.append(.key(key)) }
        self.components = components
    }

    public var isEmpty: Bool { components.isEmpty }

    /// The path one level up, or `nil` at the top.
    public var parent: FieldPath? { isEmpty ? nil : FieldPath(Array(components.dropLast())) }

    /// The last key or index.
    public var last: Component? { components.last }

    /// This path, then `key`.
    public func appending(_ key: String) -> FieldPath { FieldPath(components + [.key(key)]) }

    /// This path, then list position `index` (from 0).
    public func appending(index: Int) -> FieldPath { FieldPath(components + [.index(index)]) }

    /// This path, then `other`'s components.
    public func appending(_ other: FieldPath) -> FieldPath { FieldPath(components + other.components) }

    /// `path + ".cost"`, `path + "[2].name"`: this path, then one written in code after it.
    public static func + (path: FieldPath, relative: FieldPath) -> FieldPath { path.appending(relative) }

    /// `path[3]`: the same as ``appending(index:)``.
    public subscript(index: Int) -> FieldPath { appending(index: index) }

    /// `programs[2].baseline`: keys joined by dots, positions in brackets.
    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key): text += text.isEmpty ? key : "." + key
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }
}
