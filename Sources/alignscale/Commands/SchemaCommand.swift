import AlignmentScale
import AlignmentScaleIO
import ArgumentParser

/// Which file format `schema` describes.
enum SchemaKind: String, ExpressibleByArgument, CaseIterable {
    case scenario, scale, respondents
}

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of a file format: scenario (default), scale or respondents.",
        discussion: """
            The schema (JSON Schema draft 2020-12) is generated from the same description of each \
            format that the readers use, so it never drifts from them. Editors with the YAML \
            language server complete and check a scenario as you type when its first line is \
            `# yaml-language-server: $schema=FILE` (alignscale init writes both). A schema checks the \
            shape of a file (keys, types, ranges); rules across fields, such as beliefs summing to 1 or a \
            ceiling above the baseline, are checked when the file is read.
            """)

    @Argument(help: "scenario, scale or respondents (JSON; a CSV file has the same columns).")
    var kind: SchemaKind = .scenario

    func run() throws {
        switch kind {
        case .scenario: try emit(JSONSchema.scenario().rendered())
        case .scale: try emit(JSONSchema.scale().rendered())
        case .respondents: try emit(JSONSchema.respondents().rendered())
        }
    }
}
