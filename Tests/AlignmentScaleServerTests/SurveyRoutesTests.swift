import AlignmentScale
import AlignmentScaleIO
import AlignmentScaleServer
import Foundation
import HTTPTypes
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

    /// The public summary changes only in batches of `publishEvery` answers and is hidden before
    /// the first: no answer can be read off the difference of two summaries.
    @Test func theSummaryChangesInBatches() async throws {
        try await ExplorerTesting.with(.init(publishEvery: 3)) { client in
            func summary() async throws -> [String: Any] {
                try await client.execute(uri: "/api/responses/summary", method: .get) { ExplorerTesting.object($0) }
            }
            func answer(_ first: Double) async throws {
                let rest = (1 - first) / 9
                let beliefs = "[\(first)" + String(repeating: ",\(rest)", count: 9) + "]"
                try await client.post("/api/responses", Self.post("{\"beliefs\": \(beliefs)}")) { #expect($0.status == .created) }
            }
            try await answer(0.5)
            try await answer(0.3)
            let hidden = try await summary()
            #expect(hidden["responses"] as? Int == 0 && hidden["waiting"] as? Int == 2 && hidden["linear"] == nil)
            #expect(hidden["publish_every"] as? Int == 3 && hidden["published_at"] is NSNull)
            try await answer(0.1)
            let first = try await summary()
            #expect(first["responses"] as? Int == 3 && first["waiting"] as? Int == 0)
            let linear = try #require(first["linear"] as? [Double])
            #expect(abs(linear[0] - 0.3) < 1e-12)  // (0.5 + 0.3 + 0.1) / 3
            // One more answer: the pools stay exactly as they were, only the count of waiting answers moves.
            try await answer(0.9)
            let after = try await summary()
            #expect(after["linear"] as? [Double] == linear && after["waiting"] as? Int == 1)
            #expect(after["published_at"] as? String == first["published_at"] as? String)
            try await answer(0.9)
            try await answer(0.9)
            let second = try await summary()
            #expect(second["responses"] as? Int == 6 && abs((second["linear"] as? [Double] ?? [])[0] - 0.6) < 1e-12)
        }
    }

    /// Public answers are limited per client address (429 with Retry-After); behind a trusted
    /// proxy the address is the last X-Forwarded-For entry; the administrator is not limited.
    @Test func answersAreRateLimitedPerAddress() async throws {
        try await ExplorerTesting.with(.init(adminToken: "s3cret", surveyPerMinute: 1, surveyBurst: 2, trustProxy: true)) {
            client in
            let body = Self.post("{\"beliefs\": \(Self.uniform)}")
            let forwarded = HTTPField.Name("X-Forwarded-For")!
            for _ in 0..<2 {
                try await client.post("/api/responses", body, headers: [forwarded: "203.0.113.9, 198.51.100.1"]) {
                    #expect($0.status == .created)
                }
            }
            try await client.post("/api/responses", body, headers: [forwarded: "203.0.113.9, 198.51.100.1"]) { response in
                #expect(response.status == .tooManyRequests)
                #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 >= 1)
            }
            // Another address (the last entry is the one the proxy wrote), and the administrator.
            try await client.post("/api/responses", body, headers: [forwarded: "198.51.100.1, 198.51.100.2"]) {
                #expect($0.status == .created)
            }
            try await client.post(
                "/api/responses", body, headers: [forwarded: "203.0.113.9, 198.51.100.1", .authorization: "Bearer s3cret"]
            ) { #expect($0.status == .created) }
        }
    }

    /// Comments refuse invisible formatting characters: direction marks and overrides, zero-width
    /// characters, byte order marks and noncharacters.
    @Test(arguments: ["\u{200E}", "\u{202E}", "\u{061C}", "\u{200B}", "\u{200D}", "\u{FEFF}", "\u{FFFF}", "\u{2066}"])
    func commentsRefuseInvisibleCharacters(character: String) async throws {
        try await ExplorerTesting.with { client in
            let body = JSONValue.object([
                ("beliefs", .numbers([Double](repeating: 0.1, count: 10))), ("comment", .string("safe\(character)text")),
            ]).rendered()
            try await client.post("/api/responses", Self.post(body)) { response in
                // Refused as invisible, as a control character (bidi overrides and isolates), or,
                // for a noncharacter, by the reader itself.
                #expect(response.status == .badRequest, "\(ExplorerTesting.text(response))")
            }
        }
    }
}
