import Foundation

/// One person's view: beliefs over the levels of a scale and a weight in the pools (MODEL.md §9).
public struct Respondent: Sendable, Equatable {
    public var id: String
    /// w > 0; weights are normalised across respondents when pooling.
    public var weight: Double
    /// p_k for k = 1..N, summing to 1.
    public var beliefs: [Double]

    /// - Throws: ``InputError`` at `path` for a weight that is not finite and positive, or beliefs
    ///   that are negative, not finite, or do not sum to 1 within 1e-6 (beliefs off by more than
    ///   1e-12 are then rescaled to sum to 1).
    public init(id: String, weight: Double = 1, beliefs: [Double], levelCount: Int, path: String = "") throws {
        let prefix = path.isEmpty ? "" : path + "."
        guard weight.isFinite, weight > 0 else {
            throw InputError(path: prefix + "weight", expected: "a weight > 0", found: InputError.show(weight))
        }
        guard beliefs.count == levelCount else {
            throw InputError(
                path: prefix + "beliefs", expected: "one belief per level of the scale (\(levelCount))",
                found: "\(beliefs.count)")
        }
        for (k, p) in beliefs.enumerated() {
            guard p.isFinite, p >= 0 else {
                throw InputError(path: prefix + "p\(k + 1)", expected: "a probability ≥ 0", found: InputError.show(p))
            }
        }
        let total = beliefs.reduce(0, +)
        guard abs(total - 1) <= 1e-6 else {
            throw InputError(
                path: prefix + "beliefs", expected: "beliefs summing to 1 (within 1e-6)",
                found: "a sum of \(InputError.show(total))")
        }
        self.id = id
        self.weight = weight
        // Beliefs already summing to 1 up to rounding are kept exactly as written, so that storing
        // and reading them back changes nothing.
        self.beliefs = abs(total - 1) <= 1e-12 ? beliefs : beliefs.map { $0 / total }
    }
}
