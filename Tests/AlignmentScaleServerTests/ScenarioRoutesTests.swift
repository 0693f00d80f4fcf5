import AlignmentScale
import AlignmentScaleIO
import AlignmentScaleServer
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Opening scenarios: the server's own and the reader's files")
struct ScenarioRoutesTests {
    static let orderings = repositoryRoot + "/Benchmarks/scenarios/orderings.yaml"

    /// The list starts with the default and names each offered scenario by a slug of its name;
    /// each is served as the file schema reads it back; an unknown name is 404.
    @Test func offeredScenarios() async throws {
        let scenario = try Scenario.load(contentsOf: Self.orderings)
        var settings = ExplorerTesting.Settings()
        settings.scenarios = [OpenedScenario(scenario: scenario, fallbackName: "orderings")]
        let name = settings.scenarios[0].name
        #expect(name == "interpretability-first-a-quarter-of-the-credence")
        try await ExplorerTesting.with(settings) { client in
            try await client.execute(uri: "/api/scenarios", method: .get) { response in
                let list = ExplorerTesting.object(response)["scenarios"] as? [[String: String]] ?? []
                #expect(list.map { $0["name"] } == ["default", name])
                #expect(list.last?["title"] == scenario.name)
            }
            try await client.execute(uri: "/api/scenarios/\(name)", method: .get) { response in
                #expect(response.status == .ok)
                let served = try Scenario(document: Document(data: Data(buffer: response.body), file: "served"))
                #expect(served.json.rendered() == scenario.json.rendered())
            }
            try await client.execute(uri: "/api/scenarios/default", method: .get) { response in
                #expect(ExplorerTesting.text(response) == Scenario.builtinDefault.json.rendered())
            }
            try await client.execute(uri: "/api/scenarios/nothing-here", method: .get) { #expect($0.status == .notFound) }
        }
    }

    /// A file's text is read as the command line reads the file: the same scenario back, and
    /// errors at the given file's line and column with the field; hostile wrappers are 400s.
    static func wrap(_ text: String, _ file: String) -> ByteBuffer {
        ByteBuffer(string: JSONValue.object([("text", .string(text)), ("file", .string(file))]).rendered())
    }

    @Test func openAFile() async throws {
        let text = try String(contentsOfFile: Self.orderings, encoding: .utf8)
        try await ExplorerTesting.with { client in
            try await client.post("/api/open", Self.wrap(text, "/home/someone/orderings.yaml")) { response in
                #expect(response.status == .ok)
                let read = try Scenario(document: Document(data: Data(buffer: response.body), file: "answer"))
                #expect(read.json.rendered() == (try Scenario.load(contentsOf: Self.orderings)).json.rendered())
            }
            try await client.post("/api/open", Self.wrap("name: x\nbeliefs: [1]\nbudget: lots\nprograms: []\n", "mine.yaml")) {
                response in
                #expect(response.status == .badRequest)
                let error = ExplorerTesting.object(response)
                #expect((error["error"] as? String)?.hasPrefix("mine.yaml:3:9: budget:") == true, "\(error)")
                #expect(error["path"] as? String == "budget")
            }
            for body in [
                #"{"txt": "x"}"#, #"{"text": 5}"#, "[", String(repeating: "[", count: 100_000),
                #"{"text": "scale: ../../etc/passwd"}"#,
            ] {
                try await client.post("/api/open", ByteBuffer(string: body)) {
                    #expect($0.status == .badRequest, "\(body.prefix(40))")
                }
            }
            // A file may not name a scale file on the server.
            try await client.post(
                "/api/open", Self.wrap("scale: /etc/hostname\nbeliefs: [1]\nbudget: 1\nprograms: []\n", "s.yaml")
            ) {
                #expect($0.status == .badRequest)
            }
            // The server still answers after every one of them.
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
        }
    }
}
