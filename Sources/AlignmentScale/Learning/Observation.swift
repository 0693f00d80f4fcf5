/// Evidence already seen: an observation and how likely it was at each level of the scale
/// (<doc:Learning>).
///
/// The posterior over worlds is P'(w) ∝ P(w)·Π_obs L_obs(k(w)), the same likelihood in every
/// ordering, so beliefs and ordering credences update together.
public struct Observation: Sendable, Equatable {
    /// A statement about the true level that a test can say: "k > t" or "k <= t".
    public enum Statement: Sendable, Equatable, CustomStringConvertible {
        /// The true level is above `t`.
        case above(Int)
        /// The true level is at most `t`.
        case atMost(Int)

        /// Whether the statement holds when the true level is `level` (1-based).
        public func holds(atLevel level: Int) -> Bool {
            switch self {
            case .above(let t): level > t
            case .atMost(let t): level <= t
            }
        }

        public var description: String {
            switch self {
            case .above(let t): "k > \(t)"
            case .atMost(let t): "k <= \(t)"
            }
        }
    }

    /// A unique slug.
    public var name: String
    /// L(k) = P(seeing this | the true level is k), for k = 1..N.
    public var likelihood: [Double]
    /// The statement a threshold test made, with the test's sensitivity and specificity, when the
    /// observation was given that way.
    public var statement: Statement?
    public var sensitivity: Double?
    public var specificity: Double?

    public init(name: String, likelihood: [Double]) {
        self.name = name
        self.likelihood = likelihood
    }

    /// A test of a threshold that said `statement`: L(k) = sensitivity where the statement holds at
    /// level k, 1 − specificity where it does not.
    /// - Parameters:
    ///   - name: a unique slug.
    ///   - statement: what the test said about the true level.
    ///   - sensitivity: P(it says so | the statement is true).
    ///   - specificity: P(it does not say so | the statement is false).
    ///   - levelCount: N, the levels of the scale.
    public init(name: String, says statement: Statement, sensitivity: Double, specificity: Double, levelCount: Int) {
        self.name = name
        self.statement = statement
        self.sensitivity = sensitivity
        self.specificity = specificity
        likelihood = (1...max(levelCount, 1)).map { statement.holds(atLevel: $0) ? sensitivity : 1 - specificity }
    }
}

extension Worlds {
    /// The worlds after evidence with likelihood `likelihood[k − 1]` at level k: each ordering's
    /// beliefs become p^o_k·L_k / Z_o and its credence c_o·Z_o / Z, with Z_o = Σ_k p^o_k·L_k and
    /// Z = Σ_o c_o·Z_o = P(evidence), so that P'(w) = P(w)·L_k(w) / Z.
    ///
    /// The scenario refuses evidence impossible under its beliefs (Z = 0); a Monte Carlo draw of
    /// beliefs can still give Z = 0 (all its mass where the evidence has likelihood 0), and then
    /// keeps its drawn worlds unchanged, as its weights do.
    public func updated(byLikelihood likelihood: [Double]) -> Worlds {
        precondition(likelihood.count == levelCount)
        let z = orderings.map { o in zip(o.beliefs, likelihood).reduce(0) { $0 + $1.0 * $1.1 } }
        let total = zip(orderings, z).reduce(0) { $0 + $1.0.credence * $1.1 }
        guard total > 0 else { return self }
        let updated = zip(orderings, z).map { o, zo in
            Ordering(
                name: o.name, credence: o.credence * zo / total, levels: o.levels,
                beliefs: zo > 0 ? zip(o.beliefs, likelihood).map { $0 * $1 / zo } : o.beliefs, hasOwnBeliefs: o.hasOwnBeliefs)
        }
        let renamed = named.map {
            NamedOrdering(name: $0.name, credence: $0.credence * z[$0.ordering] / total, ordering: $0.ordering)
        }
        return Worlds(levelCount: levelCount, orderings: updated, named: renamed)
    }

    /// P(evidence) = Σ_w P(w)·L_k(w).
    public func probability(ofLikelihood likelihood: [Double]) -> Double {
        (0..<count).reduce(0) { $0 + probabilities[$1] * likelihood[level(of: $1) - 1] }
    }
}

extension Scenario {
    /// Π_obs L_obs(k) for each level, or `nil` without evidence.
    public var evidenceLikelihood: [Double]? {
        guard !evidence.isEmpty else { return nil }
        return (0..<scale.levelCount).map { k in evidence.reduce(1) { $0 * $1.likelihood[k] } }
    }

    /// P(evidence) under the prior: 1 without evidence.
    public var evidenceProbability: Double {
        evidenceLikelihood.map { priorWorlds.probability(ofLikelihood: $0) } ?? 1
    }

    /// Checks the observations: unique slug names, one likelihood per level in [0, 1], and
    /// evidence possible under the beliefs.
    /// - Throws: ``InputError`` naming the observation's field.
    func checkEvidence() throws {
        var seen: [String: Int] = [:]
        for (i, observation) in evidence.enumerated() {
            let path: FieldPath = "evidence[\(i)]"
            try Check.uniqueSlug(observation.name, at: i, in: "evidence", field: "name", seen: &seen)
            let field: FieldPath = observation.statement == nil ? ".likelihood" : .root
            guard observation.likelihood.count == scale.levelCount else {
                throw InputError(
                    path: path + field, expected: "one likelihood per level of the scale (\(scale.levelCount))",
                    found: "\(observation.likelihood.count)")
            }
            for (k, value) in observation.likelihood.enumerated() {
                try Check.probability(value, path: observation.statement == nil ? (path + ".likelihood")[k] : path)
            }
        }
        if let likelihood = evidenceLikelihood, !(priorWorlds.probability(ofLikelihood: likelihood) > 0) {
            throw InputError(
                path: "evidence", expected: "evidence possible under these beliefs",
                found: "P(evidence) = 0: every level these beliefs allow gives it likelihood 0")
        }
    }
}
