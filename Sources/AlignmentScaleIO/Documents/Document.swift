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
    public var root: Field { Field(node: node, path: "", document: self) }
    /// Where each field path was found, filled in as fields are read.
    var locations: [String: SourceLocation] = [:]

    /// Parses `data` read from `file`.
    /// - Throws: ``InputError`` (category `.unreadable` or `.syntax`) with the position of the problem.
    public init(data: Data, file: String?) throws {
        self.file = file
        let whole = SourceLocation(file: file)
        guard !data.isEmpty else {
            throw InputError(.unreadable, location: whole, path: "", expected: "a YAML or JSON document", found: "an empty file")
        }
        if let nul = data.firstIndex(of: 0) {
            throw InputError(
                .unreadable, location: whole, path: "", expected: "text (YAML or JSON)",
                found: "binary data (a NUL byte at offset \(nul - data.startIndex))")
        }
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
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Document.syntaxError(error, file: file)
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
        var located = error
        var path = error.path
        while true {
            if let location = locations[path] {
                located.location = location
                return located
            }
            guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            path = String(path[..<cut])
        }
        located.location = locations[""] ?? SourceLocation(file: file)
        return located
    }

    /// The bytes of the file at `path`, or an error saying why it cannot be read.
    static func read(_ path: String) throws -> Data {
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
                let prefix = data.prefix(offset)
                line = prefix.filter { $0 == 10 }.count + 1
                column = prefix.count - (prefix.lastIndex(of: 10).map { $0 - prefix.startIndex + 1 } ?? 0) + 1
            }
            throw InputError(
                .syntax, location: SourceLocation(file: file, line: line, column: column), path: "",
                expected: "well-formed JSON",
                found: detail.replacingOccurrences(of: #" around character \d+"#, with: "", options: .regularExpression)
                    .trimmingCharacters(in: CharacterSet(charactersIn: ".")).lowercased())
        }
    }

    static func looksLikeJSON(_ text: String) -> Bool {
        guard let first = text.first(where: { !$0.isWhitespace }) else { return false }
        return first == "{" || first == "["
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
