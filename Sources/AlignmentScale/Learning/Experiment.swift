/// An experiment that could be run before spending the rest of the budget (<doc:Learning>): its
/// cost in budget units and the likelihood of each outcome at each level.
public struct Experiment: Sendable, Equatable {
    /// One outcome and its likelihood L_o(k) = P(this outcome | the true level is k).
    public struct Outcome: Sendable, Equatable {
        public var name: String
        public var likelihood: [Double]

        public init(name: String, likelihood: [Double]) {
            self.name = name
            self.likelihood = likelihood
        }
    }

    /// A unique slug.
    public var id: String
    /// What running it costs, in budget units.
    public var cost: Double
    /// Its outcomes; for every level their likelihoods sum to 1.
    public var outcomes: [Outcome]
    /// The threshold test it is, with its sensitivity and specificity, when given by the shorthand.
    public var statement: Observation.Statement?
    public var sensitivity: Double?
    public var specificity: Double?

    public init(id: String, cost: Double = 0, outcomes: [Outcome]) {
        self.id = id
        self.cost = cost
        self.outcomes = outcomes
    }

    /// A test of a threshold: two outcomes, `says` (likelihood sensitivity where the statement
    /// holds, 1 − specificity elsewhere) and `does-not-say` (the complement).
    /// - Parameters:
    ///   - id: a unique slug.
    ///   - cost: what running it costs, in budget units.
    ///   - statement: what the test can say about the true level.
    ///   - sensitivity: P(it says so | the statement is true).
    ///   - specificity: P(it does not say so | the statement is false).
    ///   - levelCount: N, the levels of the scale.
    public init(
        id: String, cost: Double = 0, says statement: Observation.Statement, sensitivity: Double, specificity: Double,
        levelCount: Int
    ) {
        let says = Observation(
            name: "says", says: statement, sensitivity: sensitivity, specificity: specificity, levelCount: levelCount
        ).likelihood
        self.init(
            id: id, cost: cost,
            outcomes: [Outcome(name: "says", likelihood: says), Outcome(name: "does-not-say", likelihood: says.map { 1 - $0 })])
        self.statement = statement
        self.sensitivity = sensitivity
        self.specificity = specificity
    }
}

extension Experiment {
    /// Each outcome's name, its probability P(o) = Σ_w P(w)·L_o(k(w)) under `problem`'s weights, and
    /// the posterior weights P(w | o) (the prior weights again for an impossible outcome): what the
    /// value of the experiment and the two-stage plan both condition on.
    public func posteriors(on problem: AllocationProblem) -> [(name: String, probability: Double, weights: [Double])] {
        let n = problem.worlds.levelCount
        return outcomes.map { outcome in
            let joint = problem.weights.indices.map { problem.weights[$0] * outcome.likelihood[$0 % n] }
            let probability = joint.reduce(0, +)
            return (outcome.name, probability, probability > 0 ? joint.map { $0 / probability } : joint)
        }
    }
}

extension Scenario {
    /// Checks the experiments: unique slug ids, a cost the budget can pay beside the minimums, at
    /// least two outcomes with one likelihood per level in [0, 1], summing to 1 at every level.
    /// - Throws: ``InputError`` naming the experiment's field.
    func checkExperiments() throws {
        var seen: [String: Int] = [:]
        let spare = budget - minimums.reduce(0, +)
        for (i, experiment) in experiments.enumerated() {
            let path: FieldPath = "experiments[\(i)]"
            try Check.uniqueSlug(experiment.id, at: i, in: "experiments", field: "id", seen: &seen)
            try Check.finite(experiment.cost, path: path + ".cost")
            guard experiment.cost >= 0 && experiment.cost <= spare else {
                throw InputError(
                    path: path + ".cost",
                    expected: "a cost from 0 to what the budget leaves beside the minimums (\(InputError.show(spare)))",
                    found: InputError.show(experiment.cost))
            }
            guard experiment.outcomes.count >= 2 else {
                throw InputError(
                    path: path + ".outcomes", expected: "at least two outcomes", found: "\(experiment.outcomes.count)")
            }
            var names: [String: Int] = [:]
            for (o, outcome) in experiment.outcomes.enumerated() {
                let outcomes = path + ".outcomes"
                let outcomePath = outcomes[o]
                try Check.uniqueSlug(outcome.name, at: o, in: outcomes, field: "name", seen: &names)
                guard outcome.likelihood.count == scale.levelCount else {
                    throw InputError(
                        path: outcomePath + ".likelihood",
                        expected: "one likelihood per level of the scale (\(scale.levelCount))",
                        found: "\(outcome.likelihood.count)")
                }
                for (k, value) in outcome.likelihood.enumerated() {
                    try Check.probability(value, path: (outcomePath + ".likelihood")[k])
                }
            }
            for k in 0..<scale.levelCount {
                let total = experiment.outcomes.reduce(0) { $0 + $1.likelihood[k] }
                guard abs(total - 1) <= 1e-9 else {
                    throw InputError(
                        path: path + ".outcomes",
                        expected: "outcome likelihoods that sum to 1 at every level (within 1e-9)",
                        found: "a sum of \(InputError.show(total)) at level \(k + 1)")
                }
            }
        }
    }
}
