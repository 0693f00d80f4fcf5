import Foundation

/// Running sums from which the linear and logarithmic pools of any number of respondents are
/// read in O(N), N the number of levels (<doc:ManyViews>).
///
/// With weights w_i and beliefs p_i over N levels, the sums are W = Σ_i w_i,
/// L_k = Σ_i w_i·p_ik, G_k = Σ_i w_i·ln max(p_ik, ε) and H = Σ_i H(p_i) (unweighted entropies in
/// bits). Then the linear pool is L_k / W, the logarithmic pool is exp(G_k / W) normalised over
/// k (computed as exp(G_k/W − max_k G_k/W) for range), and the mean entropy is H / R — exactly
/// ``BeliefPools``'s formulas, up to rounding in the last digits (it divides by the largest weight
/// first). Adding or removing a respondent is O(N), so a store can keep the sums beside its rows.
///
/// ```swift
/// var sums = PoolSums(levels: 10)
/// sums.add(ana)
/// sums.add(ben)
/// sums.linearPool        // (w_ana·p_ana + w_ben·p_ben) / (w_ana + w_ben)
/// ```
///
/// Weights are at most 10⁶ and beliefs in [0, 1], so the sums stay far from overflow for any
/// number of respondents a store can hold.
public struct PoolSums: Sendable, Equatable {
    public private(set) var respondents: Int
    /// W = Σ w_i.
    public private(set) var weight: Double
    /// L_k = Σ w_i·p_ik.
    public private(set) var linear: [Double]
    /// G_k = Σ w_i·ln max(p_ik, ε).
    public private(set) var logarithmic: [Double]
    /// Σ H(p_i), in bits.
    public private(set) var entropy: Double

    /// No respondent yet, over `levels` levels.
    public init(levels: Int) {
        respondents = 0
        weight = 0
        linear = [Double](repeating: 0, count: levels)
        logarithmic = [Double](repeating: 0, count: levels)
        entropy = 0
    }

    public var levels: Int { linear.count }

    /// Counts `respondent` in (their beliefs must have ``levels`` values).
    public mutating func add(_ respondent: Respondent) { change(respondent, by: 1) }

    /// Counts `respondent` out again (after a response is removed).
    public mutating func remove(_ respondent: Respondent) { change(respondent, by: -1) }

    private mutating func change(_ respondent: Respondent, by sign: Double) {
        precondition(respondent.beliefs.count == levels, "a respondent over \(respondent.beliefs.count) levels, not \(levels)")
        let w = respondent.weight * sign
        respondents += sign > 0 ? 1 : -1
        weight += w
        for k in 0..<levels {
            let p = respondent.beliefs[k]
            linear[k] += w * p
            logarithmic[k] += w * log(max(p, BeliefPools.epsilon))
        }
        entropy += sign * BeliefPools.entropy(respondent.beliefs)
        if respondents == 0 { self = PoolSums(levels: levels) }
    }

    /// Σ w_i·p_i / Σ w_i; `nil` without respondents.
    public var linearPool: [Double]? {
        guard respondents > 0, weight > 0 else { return nil }
        return linear.map { $0 / weight }
    }

    /// ∝ Π max(p_ik, ε)^(w_i / W), normalised; `nil` without respondents.
    public var logarithmicPool: [Double]? {
        guard respondents > 0, weight > 0 else { return nil }
        let scaled = logarithmic.map { $0 / weight }
        let top = scaled.max() ?? 0
        let unnormalised = scaled.map { exp($0 - top) }
        let total = unnormalised.reduce(0, +)
        return unnormalised.map { $0 / total }
    }

    /// The mean of the respondents' entropies, in bits; `nil` without respondents.
    public var meanEntropy: Double? { respondents > 0 ? entropy / Double(respondents) : nil }

    // MARK: - Text form

    /// The sums as one line of text that ``init(text:)`` reads back bit for bit (each number in
    /// Swift's shortest round-trip form): `R;W;H;L_1,…,L_N;G_1,…,G_N`.
    public var text: String {
        func list(_ values: [Double]) -> String { values.map { "\($0)" }.joined(separator: ",") }
        return "\(respondents);\(weight);\(entropy);\(list(linear));\(list(logarithmic))"
    }

    /// Reads ``text`` back; `nil` when it is not in that form.
    public init?(text: String) {
        let parts = text.split(separator: ";", omittingEmptySubsequences: false)
        guard parts.count == 5, let r = Int(parts[0]), let w = Double(parts[1]), let h = Double(parts[2]) else { return nil }
        func list(_ part: Substring) -> [Double]? {
            var values: [Double] = []
            for item in part.split(separator: ",") {
                guard let value = Double(item) else { return nil }
                values.append(value)
            }
            return values
        }
        guard let l = list(parts[3]), let g = list(parts[4]), l.count == g.count else { return nil }
        respondents = r
        weight = w
        entropy = h
        linear = l
        logarithmic = g
    }
}
