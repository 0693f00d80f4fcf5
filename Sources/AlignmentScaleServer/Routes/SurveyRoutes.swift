import AlignmentScale
import AlignmentScaleIO
import AlignmentScaleStore
import Foundation
import HTTPTypes
import Hummingbird

extension Explorer {
    var admin: AdminToken { AdminToken(token: configuration.adminToken) }

    /// Stores one response. A public post may not set its weight (400); the administrator's may.
    /// Public posts are limited per client address (429 with `Retry-After`).
    func addResponse(_ request: Request, _ context: ExplorerRequestContext) async throws -> Response {
        var request = request
        let administrator = admin.authorizes(request)
        if !administrator && configuration.surveyPerMinute > 0, let wait = surveyRate.take(clientAddress(request, context)) {
            throw APIError(
                .tooManyRequests,
                "too many answers from this address; at most \(InputErrorText.number(configuration.surveyPerMinute)) a minute after the first \(configuration.surveyBurst)",
                retryAfter: wait)
        }
        let data = try await body(&request)
        let entry = try await read(data, budget: budget(for: context)) { data in
            try SurveyPost.decode(
                data, levelCount: Scale.builtin.levelCount, weights: administrator,
                newID: { "r-" + UUID().uuidString.lowercased() })
        }
        do {
            try await store.add(StoredResponse(respondent: entry.respondent, comment: entry.comment))
            writes.succeeded()
        } catch let duplicate as DuplicateResponse {
            throw InputError(
                path: "id", expected: "an id not already stored (leave the id out to get a new one)",
                found: "'\(InputError.clip(duplicate.id, limit: 100))', already stored")
        } catch let error as StoreUnavailable {
            // A store that still answers reads but refused this write (a full disk) is unhealthy
            // until a write succeeds; a store that answers nothing is an outage, which the health
            // check sees by itself and forgets once the store is back.
            if (try? await store.count()) != nil { writes.failed(error) }
            throw error
        }
        return Explorer.json(JSONValue.object([("id", .string(entry.respondent.id))]).rendered(), status: .created)
    }

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    /// The client's address: the connection's peer, or behind a trusted proxy the last address in
    /// `X-Forwarded-For` (the one the proxy itself appended; earlier entries are the client's word).
    func clientAddress(_ request: Request, _ context: ExplorerRequestContext) -> String {
        if configuration.trustProxy, let forwarded = request.headers[values: Explorer.forwardedFor].last,
            let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty
        {
            return String(last.prefix(64))
        }
        return context.channel?.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The public summary: the pools as last published (in batches of `--publish-every` answers,
    /// so that no single answer can be read from the difference of two summaries), hidden until
    /// the first batch.
    func summary(_ context: ExplorerRequestContext) async throws -> Response {
        let levels = Scale.builtin.levelCount
        let every = configuration.publishEvery
        let publication = try await store.publication(levels: levels, publishEvery: every)
        let budget = budget(for: context)
        let fields = try await summaries.fields(for: publication, levels: levels, store: store) { work in
            try await self.light.run(budget, work)
        }
        return Explorer.json(SummaryCache.summary(publication, publishEvery: every, fields: fields))
    }

    func listResponses(_ request: Request) async throws -> Response {
        try admin.require(request)
        let rows = try await store.all().map { (respondent: $0.respondent, comment: $0.comment, createdAt: $0.createdAt) }
        return Explorer.json(ResponseTable.render(rows, format: .json))
    }
}
