import AlignmentScale
import AlignmentScaleIO
import AlignmentScaleStore
import Foundation

/// The survey's public summary, computed once per publication.
///
/// The store keeps running sums of every answer and publishes them in batches
/// (``ResponseStore/publication(levels:publishEvery:)``); this cache turns a publication into the
/// summary's fields: the pools from the sums (O(N) whatever the number of answers), the mean
/// disagreement over a bounded sample of the newest published answers, and consensus allocations
/// and groups by expected level (``BeliefGroups``, with their cross-regret matrix) while the
/// published answers are few enough to optimise for each.
final class SummaryCache: @unchecked Sendable {
    private let lock = NSLock()
    private var key: (Int64, Date?)?
    private var fields: [(String, JSONValue)] = []

    /// The most published answers for which consensus allocations are computed.
    static let consensusLimit = 200
    /// The newest published answers whose pairwise disagreement is averaged.
    static let disagreementSample = 500

    /// The fields of `publication` (its respondents read from `store` when first seen).
    func fields(
        for publication: Publication, levels: Int, store: any ResponseStore,
        compute: (@escaping @Sendable () -> [(String, JSONValue)]) async throws -> [(String, JSONValue)]
    ) async throws -> [(String, JSONValue)] {
        let current = (publication.lastNumber, publication.publishedAt)
        if let cached = lock.withLock({ key.map { $0 == current } == true ? fields : nil }) { return cached }
        var computed: [(String, JSONValue)] = []
        if let sums = publication.published, sums.respondents > 0,
            let linear = sums.linearPool, let logarithmic = sums.logarithmicPool
        {
            let sample = try await store.respondents(
                levels: levels, through: publication.lastNumber, newest: SummaryCache.disagreementSample)
            // The sample is the newest published answers, newest first, and holds more than the
            // consensus needs: no second read.
            let consensusGroup =
                sums.respondents <= SummaryCache.consensusLimit ? Array(sample.prefix(SummaryCache.consensusLimit)) : []
            computed = try await compute {
                var fields: [(String, JSONValue)] = [
                    ("linear", .numbers(linear)), ("logarithmic", .numbers(logarithmic)),
                    ("epsilon", .number(BeliefPools.epsilon)),
                ]
                let divergence = sample.count >= 2 ? BeliefPools(sample).meanJensenShannon : nil
                fields += [
                    ("mean_jensen_shannon", divergence.map { .number($0) } ?? .null),
                    ("jensen_shannon_sample", .integer(sample.count)),
                    ("mean_entropy", .number(sums.meanEntropy ?? 0)),
                ]
                if !consensusGroup.isEmpty {
                    let scenario = Scenario.builtinDefault
                    let aggregation = Aggregation(scenario: scenario, respondents: consensusGroup, threads: 1)
                    fields.append(("consensus", aggregation.consensusJSON(scenario: scenario, withRegrets: false)))
                    // Groups of at least three answers: a public page never shows one person's row.
                    let groups = BeliefGroups(scenario: scenario, respondents: consensusGroup)
                    fields.append(("groups", groups.json(scenario: scenario)))
                }
                return fields
            }
        }
        lock.withLock {
            key = current
            fields = computed
        }
        return computed
    }

    /// `{"responses", "publish_every", "waiting", "published_at", …pools}`: the public summary.
    static func summary(
        _ publication: Publication, publishEvery: Int, fields: [(String, JSONValue)]
    ) -> String {
        var all: [(String, JSONValue)] = [
            ("responses", .integer(publication.published?.respondents ?? 0)), ("publish_every", .integer(publishEvery)),
            ("waiting", .integer(publication.waiting)),
            ("published_at", publication.publishedAt.map { .string(ISO8601DateFormatter().string(from: $0)) } ?? .null),
        ]
        all += fields
        return JSONValue.object(all).rendered()
    }
}
