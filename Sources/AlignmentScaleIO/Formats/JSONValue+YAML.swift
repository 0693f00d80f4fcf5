import Foundation

extension JSONValue {
    /// The value as block-style YAML, as a person would write a scenario file: mappings as
    /// `key: value` lines, lists of numbers in brackets, lists of mappings as `- ` items. Strings
    /// that YAML could read as something else (a number, `true`, `null`, text with `:` or `#`)
    /// are double-quoted with JSON's escapes, which YAML reads the same way; numbers keep their
    /// shortest exact form, with a decimal point before any exponent so that every YAML reader
    /// takes them for numbers. Reading the text back gives the same value.
    public func yaml() -> String {
        switch self {
        case .object(let pairs) where !pairs.isEmpty:
            var out = ""
            JSONValue.writeMapping(pairs, indent: 0, into: &out)
            return out
        default:
            return inlineYAML + "\n"
        }
    }

    /// A value written on one line: scalars, empty collections, and lists of scalars.
    private var isInline: Bool {
        switch self {
        case .array(let items): items.allSatisfy { $0.isScalar }
        case .object(let pairs): pairs.isEmpty
        default: true
        }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    private var inlineYAML: String {
        switch self {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .number(let x): JSONValue.yamlNumber(x)
        case .string(let s): JSONValue.yamlString(s)
        case .array(let items): "[" + items.map(\.inlineYAML).joined(separator: ", ") + "]"
        case .object(let pairs):
            "{" + pairs.map { JSONValue.yamlString($0.0) + ": " + $0.1.inlineYAML }.joined(separator: ", ") + "}"
        }
    }

    private static func writeMapping(_ pairs: [(String, JSONValue)], indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent)
        for (key, value) in pairs {
            out += pad + yamlString(key) + ":"
            write(value, indent: indent + 1, into: &out)
        }
    }

    /// Writes `value` after a `key:` or `-`: on the same line when inline, else on the lines below.
    private static func write(_ value: JSONValue, indent: Int, into out: inout String) {
        if value.isInline {
            out += " " + value.inlineYAML + "\n"
            return
        }
        out += "\n"
        let pad = String(repeating: "  ", count: indent)
        switch value {
        case .object(let pairs):
            writeMapping(pairs, indent: indent, into: &out)
        case .array(let items):
            for item in items {
                if case .object(let pairs) = item, !pairs.isEmpty {
                    // "- first: 1" then the other keys under it, two spaces in.
                    var block = ""
                    writeMapping(pairs, indent: indent + 1, into: &block)
                    let inner = String(repeating: "  ", count: indent + 1)
                    out += pad + "- " + block.dropFirst(inner.count)
                } else if item.isInline {
                    out += pad + "- " + item.inlineYAML + "\n"
                } else {
                    out += pad + "-"
                    write(item, indent: indent + 1, into: &out)
                }
            }
        default:
            out += pad + value.inlineYAML + "\n"
        }
    }

    static func yamlNumber(_ x: Double) -> String {
        let text = format(x)
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }), !text[..<e].contains(".") else { return text }
        return text[..<e] + ".0" + text[e...]
    }

    /// Plain when it reads back as this string in YAML 1.1 and 1.2 alike; quoted otherwise.
    static func yamlString(_ s: String) -> String {
        let reserved: Set<String> = [
            "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~", "nan", "inf", ".nan", ".inf",
        ]
        let plain =
            !s.isEmpty && s.first!.isLetter && s.last != " " && !reserved.contains(s.lowercased())
            && s.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || " _.-()/".unicodeScalars.contains(scalar))
            }
        return plain ? s : quote(s)
    }
}
