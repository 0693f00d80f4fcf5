import AlignmentScale
import Foundation
import Yams

/// A parsed YAML or JSON input file: its tree, and the location of every field read from it.
///
/// Both formats go through the YAML parser, which gives line and column for every node (JSON is
/// YAML's flow style; tabs outside strings, legal in JSON, are read as spaces). Before parsing,
/// the bytes must be non-empty UTF-8 text without NUL bytes.
public final class Document {
    /// The file name as the user gave it (`nil` for in-memory text).
    public let file: String?
    let node: Node
    /// The top of the tree.
    public var root: Field { Field(node: node, path: .root, document: self) }
    /// Where each field path was found, filled in as fields are read.
    var locations: [FieldPath: SourceLocation] = [:]

    /// Parses `data` read from `file`.
    /// - Throws: ``InputError`` (category `.unreadable` or `.syntax`) with the position of the problem.
    public init(data: Data, file: String?) throws {
        self.file = file
        let whole = SourceLocation(file: file)
        guard !data.isEmpty else {
            throw InputError(.unreadable, location: whole, path: "", expected: "a YAML or JSON document", found: "an empty file")
        }
        try Document.checkText(data, file: file)
        guard var text = String(data: data, encoding: .utf8) else {
            throw InputError(
                .unreadable, location: whole, path: "", expected: "UTF-8 text (YAML or JSON)",
                found: "bytes that are not valid UTF-8")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        if Document.looksLikeJSON(text) {
            // The YAML parser accepts some text that is not JSON (such as `[0.5 0.5]`), so check
            // JSON syntax strictly first.
            try Document.checkJSONSyntax(data, file: file)
            if data.contains(9) { text = text.replacingOccurrences(of: "\t", with: " ") }
        }
        // An alias bomb is refused before the tree is composed (composing compares mapping keys,
        // which an alias can make as large as the bomb). Without a `*` there is no alias to expand.
        if data.contains(UInt8(ascii: "*")) { try ExpandedSize.check(text, bytes: data.count, file: file) }
        let node: Node?
        do {
            // Fields are read from each scalar's text and style, never from a resolved tag, so the
            // plain resolver serves: keys that read as the same text count as the same key, and
            // no tag-matching regular expression is built or run.
            node = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            var refused = Document.syntaxError(error, file: file)
            // libyaml says "cannot start any token" at a tab; say why.
            if let line = refused.location?.line, Document.indentedWithTab(text, line: line) {
                refused.hint = "YAML does not allow tabs in indentation: indent with spaces"
            }
            throw refused
        }
        guard let node else {
            throw InputError(
                .unreadable, location: whole, path: "", expected: "a YAML or JSON document",
                found: "no content (only blank lines or comments)")
        }
        self.node = node
    }

    /// Reads and parses the file at `path`.
    public convenience init(contentsOf path: String) throws {
        let data = try Document.read(path)
        try self.init(data: data, file: path)
    }

    /// Attaches this document's file and the recorded position of `error.path` (or of its nearest
    /// enclosing field) to an error thrown by the core's validation.
    public func locate(_ error: InputError) -> InputError {
        var unlocated = error
        unlocated.location = nil
        return sourceMap.locate(unlocated)
    }

    /// The most values (nodes, with every alias expanded) an input of `bytes` bytes may hold;
    /// a larger count is refused before the tree is built.
    public static func valueLimit(forBytes bytes: Int) -> Int { ExpandedSize.limit(forBytes: bytes) }

    /// The number of values in the tree, each alias counted as the whole value it repeats, up to
    /// `limit + 1` (the walk stops there).
    ///
    /// - Complexity: O(min(count, limit)).
    public func countValues(upTo limit: Int) -> Int {
        var count = 0
        var pending = [node]
        while let next = pending.popLast(), count <= limit {
            count += 1
            switch next {
            case .sequence(let items): pending.append(contentsOf: items)
            case .mapping(let mapping):
                for (key, value) in mapping {
                    pending.append(key)
                    pending.append(value)
                }
            case .scalar, .alias: break
            }
        }
        return count
    }

    /// The positions of the fields read so far.
    public var sourceMap: SourceMap { SourceMap(file: file, locations: locations) }

    /// The bytes of the file at `path`, or an error saying why it cannot be read.
    public static func read(_ path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            throw InputError(
                .unreadable, location: SourceLocation(file: path), path: "", expected: "a readable file",
                found: !exists ? "no such file" : isDirectory.boolValue ? "a directory" : "a file that cannot be read")
        }
    }

    /// Checks that `data` is UTF-8 text without control characters (other than tab, line feed and
    /// carriage return), naming the line and column of the first bad byte.
    ///
    /// - Throws: ``InputError`` of category `.unreadable`.
    static func checkText(_ data: Data, file: String?) throws {
        func fail(at offset: Int, expected: String, found: String) -> InputError {
            let (line, column) = position(ofByte: offset, in: data)
            return InputError(
                .unreadable, location: SourceLocation(file: file, line: line, column: column), path: "", expected: expected,
                found: found)
        }
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            let count = bytes.count
            var i = 0
            while i < count {
                let byte = bytes[i]
                if byte < 0x80 {
                    if byte == 0 {
                        throw fail(at: i, expected: "text (YAML or JSON)", found: "a NUL byte (binary data?)")
                    }
                    if (byte < 0x20 && byte != 9 && byte != 10 && byte != 13) || byte == 0x7F {
                        throw fail(
                            at: i, expected: "text without control characters",
                            found: "the control character U+\(String(format: "%04X", Int(byte)))")
                    }
                    i += 1
                    continue
                }
                // The length of a well-formed UTF-8 sequence, and the range of its second byte
                // (which rules out overlong forms, surrogates and code points above U+10FFFF).
                let length: Int
                var second: ClosedRange<UInt8> = 0x80...0xBF
                switch byte {
                case 0xC2...0xDF: length = 2
                case 0xE0:
                    length = 3
                    second = 0xA0...0xBF
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED:
                    length = 3
                    second = 0x80...0x9F
                case 0xF0:
                    length = 4
                    second = 0x90...0xBF
                case 0xF1...0xF3: length = 4
                case 0xF4:
                    length = 4
                    second = 0x80...0x8F
                default: length = 0
                }
                var valid = length > 0 && i + length <= count
                if valid {
                    for k in 1..<length where !(k == 1 ? second : 0x80...0xBF).contains(bytes[i + k]) { valid = false }
                }
                guard valid else {
                    throw fail(
                        at: i, expected: "UTF-8 text (YAML or JSON)",
                        found: "the byte 0x\(String(format: "%02X", Int(byte))), which is not valid UTF-8 here")
                }
                if length == 2 && byte == 0xC2 && bytes[i + 1] < 0xA0 {
                    throw fail(
                        at: i, expected: "text without control characters",
                        found: "the control character U+\(String(format: "%04X", Int(bytes[i + 1])))")
                }
                i += length
            }
        }
    }

    /// The 1-based line and column (in characters) of the byte at `offset`.
    static func position(ofByte offset: Int, in data: Data) -> (line: Int, column: Int) {
        let prefix = data.prefix(offset)
        let line = prefix.reduce(1) { $0 + ($1 == 10 ? 1 : 0) }
        let lineStart = prefix.lastIndex(of: 10).map { $0 + 1 } ?? prefix.startIndex
        // Count characters, not bytes: continuation bytes (10xxxxxx) do not start one.
        let column = prefix[lineStart...].reduce(1) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        return (line, column)
    }

    static func checkJSONSyntax(_ data: Data, file: String?) throws {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "malformed JSON"
            var line: Int? = nil
            var column: Int? = nil
            if let range = detail.range(of: #"character (\d+)"#, options: .regularExpression),
                let offset = Int(detail[range].dropFirst("character ".count))
            {
                (line, column) = position(ofByte: offset, in: data)
            }
            // "Number 1e309 is not representable in Swift": name the number and where it is.
            if let range = detail.range(of: #"[Nn]umber (\S+) is not representable"#, options: .regularExpression) {
                let literal = String(detail[range].dropFirst("number ".count).prefix { !$0.isWhitespace })
                if let offset = JSONSyntax.offset(ofNumber: literal, in: data) {
                    (line, column) = position(ofByte: offset, in: data)
                }
                throw InputError(
                    .syntax, location: SourceLocation(file: file, line: line, column: column), path: "",
                    expected: "a number whose size a double can hold (below about 1.8e308)",
                    found: InputError.clip(literal))
            }
            var found = JSONSyntax.plainWords(detail)
            // A text that ends too early: point at its end, and name the bracket left open.
            if line == nil, detail.lowercased().contains("end of file") {
                (line, column) = position(ofByte: data.count, in: data)
                if let open = JSONSyntax.innermostUnclosed(in: data) {
                    let at = position(ofByte: open, in: data)
                    found +=
                        " (the '\(UnicodeScalar(data[data.startIndex + open]))' at line \(at.line), column \(at.column) is never closed)"
                }
            }
            throw InputError(
                .syntax, location: SourceLocation(file: file, line: line, column: column), path: "",
                expected: "well-formed JSON", found: found)
        }
    }

    static func looksLikeJSON(_ text: String) -> Bool {
        guard let first = text.first(where: { !$0.isWhitespace }) else { return false }
        return first == "{" || first == "["
    }

    /// Whether line `line` (1-based) of `text` has a tab in its indentation.
    static func indentedWithTab(_ text: String, line: Int) -> Bool {
        guard line >= 1, let row = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(line - 1).first
        else { return false }
        return row.prefix { $0 == " " || $0 == "\t" }.contains("\t")
    }

    static func syntaxError(_ error: YamlError, file: String?) -> InputError {
        let message: String
        let mark: Mark?
        switch error {
        case let .scanner(context, problem, m, _), let .parser(context, problem, m, _), let .composer(context, problem, m, _):
            message = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
            mark = m
        case let .reader(problem, _, _, _):
            message = problem
            mark = nil
        case let .duplicatedKeysInMapping(duplicates, context):
            return InputError(
                .syntax, location: SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
                path: "", expected: "each key at most once in a mapping",
                found: "repeated \(duplicates.sorted().map { "'\($0)'" }.joined(separator: ", "))")
        default:
            message = "\(error)"
            mark = nil
        }
        // libyaml's problems often start with "found", which the message adds itself.
        let problem = message.hasPrefix("found ") ? String(message.dropFirst("found ".count)) : message
        return InputError(
            .syntax, location: SourceLocation(file: file, line: mark?.line, column: mark?.column), path: "",
            expected: "well-formed YAML or JSON", found: problem.isEmpty ? "a syntax error" : problem)
    }
}

/// Foundation's JSON parser's messages, in words a user of the tool can act on.
enum JSONSyntax {
    /// The message without its offset, in lower case, with the parser's internal phrases replaced.
    static func plainWords(_ detail: String) -> String {
        let bare = detail.replacingOccurrences(
            of: #" around (line \d+, column \d+|character \d+)"#, with: "", options: .regularExpression
        )
        .trimmingCharacters(in: CharacterSet(charactersIn: ". ")).lowercased()
        switch bare {
        case "invalid value":
            return "something that is not a JSON value (a trailing comma, an unquoted word or a stray character)"
        case "unexpected end of file", "unexpected end of file during json parse":
            return "the end of the text before the JSON was complete"
        case "unexpected end of file while parsing object": return "the end of the text inside an object (a missing '}')"
        case "unexpected end of file while parsing array": return "the end of the text inside a list (a missing ']')"
        default:
            return bare.isEmpty ? "malformed JSON" : bare.replacingOccurrences(of: " in swift", with: "")
        }
    }

    /// The byte offset of the innermost `{` or `[` (outside strings) that is never closed, if any.
    static func innermostUnclosed(in data: Data) -> Int? {
        var open: [Int] = []
        var inString = false
        var escaped = false
        for (i, byte) in data.enumerated() {
            if inString {
                if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
            } else if byte == 0x22 {
                inString = true
            } else if byte == 0x7B || byte == 0x5B {
                open.append(i)
            } else if byte == 0x7D || byte == 0x5D, !open.isEmpty {
                open.removeLast()
            }
        }
        return open.last
    }

    /// The byte offset of the first occurrence of the number `literal` outside strings, if any.
    static func offset(ofNumber literal: String, in data: Data) -> Int? {
        let needle = Array(literal.utf8)
        guard !needle.isEmpty else { return nil }
        let bytes = Array(data)
        var inString = false
        var escaped = false
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if inString {
                if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
            } else if byte == 0x22 {
                inString = true
            } else if i + needle.count <= bytes.count && Array(bytes[i..<(i + needle.count)]) == needle {
                return i
            }
            i += 1
        }
        return nil
    }
}
