import AlignmentScaleIO
import Foundation

/// The OpenAPI document: the paths as written in `Public/openapi.json`, with the scenario's schema
/// generated from the same description of the format that the scenario reader uses, so the two
/// cannot drift apart.
enum OpenAPIDocument {
    static let text: String = {
        let template = EmbeddedPages.files["openapi.json"] ?? "{}"
        // The definitions as object members, their references moved to the components.
        let definitions = JSONValue.object(JSONSchema.scenarioDefinitions(scaleFiles: false)).rendered()
            .replacingOccurrences(of: "\"#/$defs/", with: "\"#/components/schemas/")
        let members = definitions.trimmingCharacters(in: .whitespacesAndNewlines).dropFirst().dropLast()
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return template.replacingOccurrences(of: "\"__GENERATED_SCHEMAS__\": {}", with: members)
    }()
}
