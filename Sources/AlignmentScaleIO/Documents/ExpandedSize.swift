import AlignmentScale
import CYaml
import Foundation

/// The number of nodes a YAML text holds once every alias is expanded, counted before anything is
/// built from it.
///
/// YAML's aliases (`*name`) repeat the node an anchor (`&name`) names. Repeating a list of
/// aliases that each repeat a list of aliases makes a few kilobytes stand for millions of nodes
/// (an "alias bomb"): the tree itself stays small because the parser shares the repeated node,
/// but whatever walks it — comparing mapping keys, reading fields, recording their positions —
/// does work in proportion to the expanded count. So every YAML or JSON input is held to a node
/// budget that grows with its size (``limit(forBytes:)``), counted on the parser's event stream,
/// where an alias costs the expanded size of the node it names, and the input is refused as soon
/// as the count passes the budget, before any tree is composed.
///
/// The events come from libyaml, the same parser (and so the same reading of the text) that
/// composes the tree afterwards.
///
/// - Complexity: O(n) in the length of the text, whatever the aliases expand to.
enum ExpandedSize {
    /// Nodes allowed per byte of input. A node takes at least one byte to write without aliases
    /// (`1,` or `- x`; a key and its empty value share theirs), so plain text never comes near
    /// this; aliases may repeat what they name up to this factor in all.
    static let nodesPerByte = 4
    /// Nodes allowed whatever the size, so that small files may use aliases freely.
    static let minimumLimit = 4_096

    /// The most nodes, aliases expanded, that an input of `bytes` bytes may hold.
    static func limit(forBytes bytes: Int) -> Int { max(minimumLimit, nodesPerByte * bytes) }

    /// Counts the nodes of `text` with aliases expanded, stopping as soon as they pass `limit`.
    ///
    /// Syntax errors are left for the parser that composes the tree, which reports them with
    /// their position: this count only stops at the first one.
    ///
    /// - Throws: ``InputError`` of category `.unsupported` at the position where the count passed
    ///   `limit`, saying the limit and how it follows from the input's size.
    static func check(_ text: String, bytes: Int, file: String?) throws {
        let limit = limit(forBytes: bytes)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        var utf8 = Array(text.utf8)
        try utf8.withUnsafeMutableBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var total = 0
            var aliases = 0
            // The running total when each open collection started, and its anchor.
            var open: [(start: Int, anchor: String?)] = []
            var anchors: [String: Int] = [:]
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else { return }
                defer { yaml_event_delete(&event) }
                let mark = event.start_mark
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return
                case YAML_SCALAR_EVENT:
                    total += 1
                    if let anchor = name(event.data.scalar.anchor) { anchors[anchor] = 1 }
                case YAML_SEQUENCE_START_EVENT:
                    open.append((total, name(event.data.sequence_start.anchor)))
                    total += 1
                case YAML_MAPPING_START_EVENT:
                    open.append((total, name(event.data.mapping_start.anchor)))
                    total += 1
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    if let (start, anchor) = open.popLast(), let anchor { anchors[anchor] = total - start }
                case YAML_ALIAS_EVENT:
                    aliases += 1
                    // An undefined alias is the composer's error to report; count it as one node.
                    total += name(event.data.alias.anchor).flatMap { anchors[$0] } ?? 1
                default:
                    break
                }
                if total > limit {
                    throw InputError(
                        .unsupported,
                        location: SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1),
                        path: "",
                        expected:
                            "at most \(limit) values once aliases are expanded (\(nodesPerByte) per byte of this \(bytes)-byte input, at least \(minimumLimit))",
                        found:
                            "more than \(limit) by this point, through \(aliases) alias\(aliases == 1 ? "" : "es") (`*name` repeats the whole value `&name` marks)"
                    )
                }
            }
        }
    }

    private static func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}
