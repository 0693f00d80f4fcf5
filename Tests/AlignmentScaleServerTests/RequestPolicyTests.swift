import AlignmentScale
import AlignmentScaleServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// What every request must be: a method the path answers, JSON posts, and posts from this site.
@Suite("Request policy")
struct RequestPolicyTests {
    static let response = ByteBuffer(string: #"{"beliefs": [0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1]}"#)

    /// A post that is not JSON is refused: a plain form or text/plain post from another site's page
    /// can no longer write to the survey.
    @Test func postsMustBeJSON() async throws {
        try await ExplorerTesting.with { client in
            for type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
                try await client.execute(uri: "/api/responses", method: .post, headers: [.contentType: type], body: Self.response)
                {
                    #expect($0.status == .unsupportedMediaType, "\(type)")
                }
            }
            try await client.execute(uri: "/api/responses", method: .post, body: Self.response) {
                #expect($0.status == .unsupportedMediaType, "no content type")
            }
            try await client.execute(
                uri: "/api/responses", method: .post, headers: [.contentType: "application/json; charset=utf-8"],
                body: Self.response
            ) { #expect($0.status == .created) }
        }
    }

    /// A post from another site's page is refused; the server's own origin and configured ones pass.
    @Test func crossSitePostsAreRefused() async throws {
        try await ExplorerTesting.with(.init(allowedOrigins: ["https://survey.example.org"])) { client in
            try await client.post("/api/responses", Self.response, headers: [.origin: "http://evil.example"]) {
                #expect($0.status == .forbidden)
            }
            try await client.post("/api/responses", Self.response, headers: [.origin: "https://survey.example.org"]) {
                #expect($0.status == .created)
            }
            // The server's own origins: the listen address and localhost on its port (8080 here).
            for own in ["http://127.0.0.1:8080", "http://localhost:8080"] {
                try await client.post("/api/evaluate", ExplorerTesting.defaultScenario, headers: [.origin: own]) {
                    #expect($0.status == .ok)
                }
            }
            // The test client sends every request to the authority "localhost": an Origin that
            // merely matches the request's own Host is not enough (a DNS-rebinding page sends both).
            try await client.post("/api/evaluate", ExplorerTesting.defaultScenario, headers: [.origin: "http://localhost"]) {
                #expect($0.status == .forbidden)
            }
        }
    }

    /// Methods a path does not answer get 405 and the methods it does.
    @Test func methodsNotAllowed() async throws {
        try await ExplorerTesting.with { client in
            try await client.execute(uri: "/", method: .trace) { response in
                #expect(response.status == .methodNotAllowed && response.headers[.allow] == "GET, HEAD")
            }
            try await client.execute(uri: "/api/evaluate", method: .get) { response in
                #expect(response.status == .methodNotAllowed && response.headers[.allow] == "POST")
            }
            try await client.execute(uri: "/api/responses", method: .delete) { response in
                #expect(response.status == .methodNotAllowed && response.headers[.allow] == "GET, HEAD, POST")
            }
            try await client.execute(uri: "/anything", method: .put) { #expect($0.status == .methodNotAllowed) }
        }
    }
}
