import AlignmentScale
import AlignmentScaleIO
import AlignmentScaleServer
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite("The survey API")
struct SurveyRoutesTests {
    struct Summary: Decodable {
        let responses: Int
        let linear: [Double]?
        let logarithmic: [Double]?
        let consensus: [Consensus]?
        struct Consensus: Decodable { let name: String }
    }

    struct Row: Decodable {
        let id: String
        let weight: Double
        let comment: String?
    }

    static func post(_ json: String) -> ByteBuffer { ByteBuffer(string: json) }
    static let uniform = "[0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1]"

    /// Responses stored and pooled; rows only for the admin token; disabled without one.
    @Test func responsesAndSummary() async throws {
        try await ExplorerTesting.with(.init(adminToken: "s3cret")) { client in
            let ana = Self.post(
                #"{"id": "ana", "beliefs": [0.3,0.3,0.2,0.1,0.05,0.05,0,0,0,0], "comment": "<script>alert(1)</script>"}"#)
            try await client.post("/api/responses", ana) { #expect($0.status == .created) }
            try await client.post("/api/responses", ana) { response in
                #expect(response.status == .badRequest && ExplorerTesting.text(response).contains("already"))
            }
            try await client.post("/api/responses", Self.post(#"{"beliefs": [0,0,0,0.05,0.05,0.1,0.2,0.2,0.2,0.2]}"#)) {
                #expect($0.status == .created)
            }
            try await client.post("/api/responses", Self.post(#"{"beliefs": [0.5, 0.6]}"#)) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/api/responses/summary", method: .get) { response in
                let summary = try #require(ExplorerTesting.decode(Summary.self, response))
                #expect(summary.responses == 2)
                #expect(abs((summary.linear?[0] ?? 0) - 0.15) < 1e-12)
                #expect(!ExplorerTesting.text(response).contains("ana"))
                #expect(summary.consensus?.count == 3)
            }
            try await client.execute(uri: "/api/responses", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/responses", method: .get, headers: [.authorization: "Bearer nope"]) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/api/responses", method: .get, headers: [.authorization: "Bearer s3cret"]) {
                let rows = try #require(ExplorerTesting.decode([Row].self, $0))
                #expect(rows.count == 2 && rows[0].comment == "<script>alert(1)</script>")
            }
        }
        try await ExplorerTesting.with(.init(adminToken: nil)) { client in
            try await client.execute(uri: "/api/responses", method: .get, headers: [.authorization: "Bearer "]) {
                #expect($0.status == .notFound)
            }
        }
    }

    /// A public post cannot weigh itself: one post of weight 1e308 once outweighed everyone. The
    /// administrator may weigh responses, within bounds, and the pools stay finite.
    @Test func weightsAreTheAdministrators() async throws {
        try await ExplorerTesting.with(.init(adminToken: "s3cret")) { client in
            try await client.post("/api/responses", Self.post(#"{"beliefs": \#(Self.uniform), "weight": 1e308}"#)) { response in
                #expect(response.status == .badRequest)
                #expect(ExplorerTesting.decode(ErrorBody.self, response)?.path == "weight")
            }
            try await client.post("/api/responses", Self.post(#"{"beliefs": \#(Self.uniform), "weight": 2}"#)) {
                #expect($0.status == .badRequest)
            }
            let admin: HTTPFields = [.authorization: "Bearer s3cret"]
            try await client.post("/api/responses", Self.post(#"{"beliefs": \#(Self.uniform), "weight": 1e308}"#), headers: admin)
            {
                #expect($0.status == .badRequest, "weights are bounded even for the administrator")
            }
            let heavy = #"{"id": "h1", "beliefs": [1,0,0,0,0,0,0,0,0,0], "weight": 1000000}"#
            try await client.post("/api/responses", Self.post(heavy), headers: admin) { #expect($0.status == .created) }
            let other = #"{"id": "h2", "beliefs": [0,0,0,0,0,0,0,0,0,1], "weight": 1000000}"#
            try await client.post("/api/responses", Self.post(other), headers: admin) { #expect($0.status == .created) }
            try await client.execute(uri: "/api/responses/summary", method: .get) { response in
                let summary = try #require(ExplorerTesting.decode(Summary.self, response))
                #expect(summary.linear == [0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0.5])
                #expect(summary.logarithmic?.allSatisfy(\.isFinite) == true)
            }
        }
    }

    /// Ids and comments are limited in bytes (one character can carry thousands of combining
    /// marks), ids to a safe character set, and control characters are refused with the reason.
    @Test(
        arguments: [
            (#"{"id": "\#(String(repeating: "x", count: 5001))", "beliefs": \#(uniform)}"#, "id", "at most 100 bytes"),
            (#"{"id": "a b", "beliefs": \#(uniform)}"#, "id", "letters, digits"),
            (#"{"id": "ok\u001b[2J", "beliefs": \#(uniform)}"#, "id", "control character U+001B"),
            (#"{"id": "é", "beliefs": \#(uniform)}"#, "id", "letters, digits"),
            (
                #"{"beliefs": \#(uniform), "comment": "a\#(String(repeating: "\u{0301}", count: 100_000))"}"#, "comment",
                "at most 2000 bytes"
            ),
            (#"{"beliefs": \#(uniform), "comment": "hi\u001b]0;owned\u0007"}"#, "comment", "control character"),
        ])
    func idsAndCommentsAreBounded(body: String, path: String, message: String) async throws {
        try await ExplorerTesting.with { client in
            try await client.post("/api/responses", Self.post(body)) { response in
                #expect(response.status == .badRequest)
                let error = try #require(ExplorerTesting.decode(ErrorBody.self, response))
                #expect(error.path == path && error.error.contains(message), "\(error.error)")
                #expect(error.error.utf8.count < 2000)
                #expect(!error.error.contains("\u{1B}"))
            }
            try await client.execute(uri: "/api/responses/summary", method: .get) {
                #expect(ExplorerTesting.decode(Summary.self, $0)?.responses == 0)
            }
        }
    }

    /// A response with a comment over several lines is kept as written (its line breaks are
    /// escaped only where it is shown in a table).
    @Test func commentsKeepTheirLines() async throws {
        try await ExplorerTesting.with(.init(adminToken: "t")) { client in
            try await client.post(
                "/api/responses", Self.post(#"{"id": "c", "beliefs": \#(Self.uniform), "comment": "one\ntwo"}"#)
            ) {
                #expect($0.status == .created)
            }
            try await client.execute(uri: "/api/responses", method: .get, headers: [.authorization: "Bearer t"]) {
                #expect(ExplorerTesting.decode([Row].self, $0)?.first?.comment == "one\ntwo")
            }
        }
    }
}
