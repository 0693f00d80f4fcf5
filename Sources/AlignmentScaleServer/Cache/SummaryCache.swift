import AlignmentScale
import AlignmentScaleIO
import Foundation

/// The pooled summary of the survey, recomputed only when the responses change.
final class SummaryCache: @unchecked Sendable {
    private let lock = NSLock()
    private var key: [String] = []
    private var text = ""

    /// The most responses for which consensus allocations are computed on each change.
    static let consensusLimit = 200

    /// Pools and disagreement, and consensus allocations on the default scenario (up to
    /// ``consensusLimit`` responses); never individual rows. The pools use every response up to
    /// the server's respondent limit (the most recent beyond it are left out, and the count says so).
    func summary(for all: [Respondent], limits: Limits) -> String {
        let ids = all.map(\.id)
        if let cached = lock.withLock({ ids == key && !text.isEmpty ? text : nil }) { return cached }
        let responses = Array(all.prefix(limits.respondents))
        var fields: [(String, JSONValue)] = [("responses", .integer(all.count))]
        if responses.count < all.count { fields.append(("pooled", .integer(responses.count))) }
        if !responses.isEmpty {
            let pools = BeliefPools(responses)
            fields += [
                ("linear", .numbers(pools.linear)), ("logarithmic", .numbers(pools.logarithmic)),
                ("epsilon", .number(BeliefPools.epsilon)), ("mean_jensen_shannon", .number(pools.meanJensenShannon)),
                ("mean_entropy", .number(pools.entropies.reduce(0, +) / Double(pools.entropies.count))),
            ]
            if responses.count <= SummaryCache.consensusLimit {
                let scenario = Scenario.builtinDefault
                let aggregation = Aggregation(scenario: scenario, respondents: responses, threads: 1)
                fields.append(("consensus", aggregation.consensusJSON(scenario: scenario, withRegrets: false)))
            }
        }
        let rendered = JSONValue.object(fields).rendered()
        lock.withLock {
            key = ids
            text = rendered
        }
        return rendered
    }
}
