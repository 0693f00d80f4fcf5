import AlignmentScale
import AlignmentScaleIO
import Foundation
import Hummingbird

extension Explorer {
    /// `GET /api/scenarios`: the built-in default, then each scenario given to `serve`.
    var scenarioList: String {
        let entries: [JSONValue] =
            [
                .object([
                    ("name", .string(OpenedScenario.defaultName)), ("title", .string(Scenario.builtinDefault.name)),
                ])
            ] + configuration.scenarios.map { .object([("name", .string($0.name)), ("title", .string($0.title))]) }
        return JSONValue.object([("scenarios", .array(entries))]).rendered()
    }

    /// `GET /api/scenarios/NAME`.
    /// - Throws: ``APIError`` 404 for a name the server does not offer.
    func offeredScenario(_ name: String) throws -> Response {
        if name == OpenedScenario.defaultName { return Explorer.json(Scenario.builtinDefault.json.rendered()) }
        guard let found = configuration.scenarios.first(where: { $0.name == name }) else {
            throw APIError(.notFound, "no scenario named '\(InputError.clip(name, limit: 60))' (GET /api/scenarios lists them)")
        }
        return Explorer.json(found.json)
    }

    /// `POST /api/open`: a scenario file's text read as the command line reads a file, answered in
    /// the file schema. Errors name the file the page gave (its last path component, clipped) with
    /// the line and column in that text.
    func open(_ request: Request, _ context: ExplorerRequestContext) async throws -> Response {
        var request = request
        let budget = budget(for: context)
        let data = try await body(&request)
        let limits = configuration.limits
        let json = try await read(data, budget: budget) { data -> String in
            // A field refers to its document without owning it: keep the document alive while reading.
            let body = try Document(data: data, file: "request body")
            let (text, given) = try withExtendedLifetime(body) {
                let wrapper = try body.root.mapping(known: ["text", "file"])
                return (
                    try wrapper.required("text", expected: "the scenario file's text").string(),
                    try wrapper["file"]?.string() ?? "scenario"
                )
            }
            let file = InputError.clip(String(given.split(separator: "/").last ?? "scenario"), limit: 80)
            return try Explorer.checkedScenario(Data(text.utf8), file: file.isEmpty ? "scenario" : file, limits: limits).scenario
                .json
                .rendered()
        }
        return Explorer.json(json)
    }
}
