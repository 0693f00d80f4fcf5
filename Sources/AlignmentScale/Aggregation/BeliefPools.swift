import Foundation

/// Pooled beliefs and disagreement among respondents (<doc:ManyViews>).
///
/// ```swift
/// let pools = BeliefPools(respondents)
/// pools.linear          // Σ_i w_i·p_i
/// pools.logarithmic     // ∝ Π_i max(p_i, ε)^w_i
/// ```
public struct BeliefPools: Sendable {
    /// The floor that zero beliefs are raised to before the logarithmic pool, so that one person's
    /// certainty that a level is impossible does not veto everyone else.
    public static let epsilon = 1e-6

    public let respondents: Int
    /// Σ_i w_i·p_i with weights normalised to sum to 1.
    public let linear: [Double]
    /// The normalised weighted geometric mean Π_i max(p_ik, ε)^{w_i} / Σ_k (…).
    public let logarithmic: [Double]
    /// Each respondent's Shannon entropy in bits (0 = certain of one level, log₂ N = uniform).
    public let entropies: [Double]
    /// The unweighted mean of the Jensen–Shannon divergence (bits, in [0, 1]) over all pairs;
    /// `nil` with fewer than two respondents.
    public let meanJensenShannon: Double?
    /// `nil` when ``meanJensenShannon`` is exact (every pair, up to ``exactPairLimit`` respondents);
    /// otherwise the number of seeded random pairs it was estimated from.
    public let divergencePairs: Int?

    public static let exactPairLimit = 3000
    public static let sampledPairs = 1_000_000

    /// - Complexity: O(R·N) for the pools and entropies; O(min(R², 10⁶)·N) for the mean divergence
    ///   (skipped, as `nil`, when `divergence` is false).
    public init(_ respondents: [Respondent], divergence: Bool = true) {
        precondition(!respondents.isEmpty, "pooling needs at least one respondent")
        let n = respondents[0].beliefs.count
        // Weights relative to the largest first, so that no sum of valid weights can overflow.
        let largest = respondents.map(\.weight).max()!
        let totalWeight = respondents.reduce(0) { $0 + $1.weight / largest }
        var linear = [Double](repeating: 0, count: n)
        var logSum = [Double](repeating: 0, count: n)
        for r in respondents {
            let w = r.weight / largest / totalWeight
            for k in 0..<n {
                linear[k] += w * r.beliefs[k]
                logSum[k] += w * log(max(r.beliefs[k], BeliefPools.epsilon))
            }
        }
        let top = logSum.max()!
        let unnormalised = logSum.map { exp($0 - top) }
        let total = unnormalised.reduce(0, +)
        self.respondents = respondents.count
        self.linear = linear
        logarithmic = unnormalised.map { $0 / total }
        entropies = respondents.map { BeliefPools.entropy($0.beliefs) }
        let r = respondents.count
        if divergence && r >= 2 && r <= BeliefPools.exactPairLimit {
            var sum = 0.0
            for i in 0..<r {
                for j in (i + 1)..<r {
                    sum += BeliefPools.jensenShannon(respondents[i].beliefs, respondents[j].beliefs)
                }
            }
            meanJensenShannon = sum / Double(r * (r - 1) / 2)
            divergencePairs = nil
        } else if divergence && r >= 2 {
            // Too many pairs to visit: average over seeded random distinct pairs instead.
            var source = RandomSource(seed: 0x15_D1FF)
            var sum = 0.0
            for _ in 0..<BeliefPools.sampledPairs {
                let i = min(Int(source.uniform() * Double(r)), r - 1)
                var j = min(Int(source.uniform() * Double(r - 1)), r - 2)
                if j >= i { j += 1 }
                sum += BeliefPools.jensenShannon(respondents[i].beliefs, respondents[j].beliefs)
            }
            meanJensenShannon = sum / Double(BeliefPools.sampledPairs)
            divergencePairs = BeliefPools.sampledPairs
        } else {
            meanJensenShannon = nil
            divergencePairs = nil
        }
    }

    /// −Σ p log₂ p, with 0·log 0 = 0.
    public static func entropy(_ p: [Double]) -> Double {
        -p.reduce(0) { $0 + ($1 > 0 ? $1 * log2($1) : 0) }
    }

    /// JS(P, Q) = ½·KL(P‖M) + ½·KL(Q‖M) with M = (P + Q)/2, in bits: symmetric, 0 iff P = Q, at
    /// most 1 (reached by distributions with disjoint support).
    public static func jensenShannon(_ p: [Double], _ q: [Double]) -> Double {
        var total = 0.0
        for k in p.indices {
            let m = (p[k] + q[k]) / 2
            if p[k] > 0 { total += 0.5 * p[k] * log2(p[k] / m) }
            if q[k] > 0 { total += 0.5 * q[k] * log2(q[k] / m) }
        }
        return max(total, 0)
    }
}
