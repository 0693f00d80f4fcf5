import AlignmentScale
import AlignmentScaleIO
import AlignmentScaleStore
import Foundation
import Hummingbird

extension Explorer {
    var admin: AdminToken { AdminToken(token: configuration.adminToken) }

    func addSurveyRoutes(to router: Router<ExplorerRequestContext>) {
        router.post("/api/responses") { request, _ in try await self.addResponse(request) }
        router.get("/api/responses/summary") { _, _ in try await self.summary() }
        router.get("/api/responses") { request, _ in try await self.listResponses(request) }
    }

    /// Stores one response. A public post may not set its weight (400); the administrator's may.
    func addResponse(_ request: Request) async throws -> Response {
        var request = request
        let buffer = try await request.collectBody(upTo: configuration.maximumBodyBytes)
        let entry = try SurveyPost.decode(
            Data(buffer.readableBytesView), levelCount: Scale.builtin.levelCount, weights: admin.authorizes(request),
            newID: { "r-" + UUID().uuidString.lowercased() })
        try await store.add(StoredResponse(respondent: entry.respondent, comment: entry.comment))
        return Explorer.json(JSONValue.object([("id", .string(entry.respondent.id))]).rendered(), status: .created)
    }

    func summary() async throws -> Response {
        let responses = try await store.all().map(\.respondent)
        let limits = configuration.limits
        let text = try await light.run(timeout: configuration.timeLimit, cancellation: Cancellation()) { [summaries] in
            summaries.summary(for: responses, limits: limits)
        }
        return Explorer.json(text)
    }

    func listResponses(_ request: Request) async throws -> Response {
        try admin.require(request)
        let rows = try await store.all().map { (respondent: $0.respondent, comment: $0.comment, createdAt: $0.createdAt) }
        return Explorer.json(ResponseTable.render(rows, format: .json))
    }
}
