import Foundation

extension Scenario {
    /// Whether Monte Carlo has anything to sample: an uncertain parameter or Dirichlet beliefs.
    public var isUncertain: Bool { !uncertainty.parameters.isEmpty || beliefConcentration != nil }

    /// Checks that the scenario has something uncertain, for an analysis that varies it.
    /// - Parameter analysis: what the analysis does with it, such as "robust scores allocations over
    ///   draws of it", for the message.
    /// - Throws: ``InputError`` saying how to add uncertainty when nothing is uncertain.
    public func requireUncertainty(_ analysis: String) throws {
        guard !isUncertain else { return }
        throw InputError(
            path: "", expected: "a scenario with something uncertain: \(analysis)",
            found: "every parameter fixed and no belief_concentration",
            hint:
                "write a parameter as \"a to b\" (such as scale: 10 to 40) or a distribution such as {beta: [2, 8]}, or set "
                + "belief_concentration")
    }

    /// Checks every uncertain parameter and correlation (<doc:UncertainParameters>) and writes each parameter's
    /// median into the scenario, which the exact commands then use.
    ///
    /// A distribution's support must lie inside the closure of its field's domain (a probability in
    /// [0, 1], a scale ≥ 0): an endpoint the distribution reaches with probability zero, such as 0
    /// for a lognormal scale, is accepted.
    static func apply(
        _ uncertainty: Uncertainty, to programs: inout [Program], stopBaseline: inout Double,
        misuseBaseline: inout Double, structure: inout Structure
    ) throws {
        var seen: [String: UncertainParameter] = [:]
        for parameter in uncertainty.parameters {
            let path = parameter.fieldPath
            if let earlier = seen[parameter.name] {
                // Two programs' fields share a name only when the programs share an id: say that.
                if case .program(let i, _) = earlier.target, case .program(let j, _) = parameter.target, i != j {
                    throw InputError(
                        path: "programs[\(j)].id", expected: "a unique id",
                        found: "'\(programs[j].id)', already used by programs[\(i)]")
                }
                throw InputError(
                    path: path, expected: "one distribution per parameter",
                    found: "a second one (first at \(earlier.fieldPath))")
            }
            seen[parameter.name] = parameter
            try parameter.distribution.validate(path: path)
            try checkSupport(parameter.distribution, domain: parameter.target.domain, path: path)
            if case .program(let j, _) = parameter.target {
                precondition(programs.indices.contains(j), "uncertain parameter of a program that does not exist")
            }
            parameter.target.apply(
                parameter.distribution.median, programs: &programs, stopBaseline: &stopBaseline,
                misuseBaseline: &misuseBaseline, structure: &structure)
        }
        try check(correlations: uncertainty.correlations, parameters: uncertainty.parameters)
    }

    private static func checkSupport(_ distribution: Distribution, domain: Domain, path: FieldPath) throws {
        let (lower, upper) = distribution.support
        let fits: Bool
        let wanted: String
        switch domain {
        case .probability, .probabilityBelowOne:
            fits = lower >= 0 && upper <= 1
            wanted = "a distribution inside [0, 1] (this field is a probability)"
        case .positive:
            fits = lower >= 0
            wanted = "a distribution of positive values (this field must be > 0)"
        }
        if fits || distribution.isPoint { return }
        let range = "values from \(InputError.show(lower)) to \(InputError.show(upper))"
        throw InputError(
            path: path, expected: wanted, found: "\(distribution), which can take \(range)",
            hint: distribution.suggestion(for: domain))
    }

    /// Checks that every correlation names two different uncertain parameters, at most once per
    /// pair, with ρ ∈ [−1, 1], and that together they form a valid (positive semi-definite)
    /// correlation matrix, both as written and as the Gaussian copula's normal-space matrix.
    private static func check(correlations: [RankCorrelation], parameters: [UncertainParameter]) throws {
        let names = parameters.map(\.name)
        var pairs: [Set<String>: FieldPath] = [:]
        for correlation in correlations {
            for (side, name) in [("between[0]", correlation.first), ("between[1]", correlation.second)] {
                guard names.contains(name) else {
                    throw InputError(
                        path: correlation.fieldPath + "\(side)",
                        expected: "the path of an uncertain parameter, such as programs.ID.baseline",
                        found: "'\(name)'" + (names.isEmpty ? " (no parameter of this scenario is uncertain)" : ""),
                        hint: Suggestion.nearest(to: name, in: names).map { "did you mean '\($0)'?" })
                }
            }
            guard correlation.first != correlation.second else {
                throw InputError(
                    path: correlation.fieldPath + ".between", expected: "two different parameters",
                    found: "'\(correlation.first)' twice")
            }
            try Check.finite(correlation.rank, path: correlation.fieldPath + ".rank")
            guard (-1...1).contains(correlation.rank) else {
                throw InputError(
                    path: correlation.fieldPath + ".rank", expected: "a rank correlation in [-1, 1]",
                    found: InputError.show(correlation.rank))
            }
            let pair: Set = [correlation.first, correlation.second]
            if let earlier = pairs[pair] {
                throw InputError(
                    path: correlation.fieldPath + ".between", expected: "each pair at most once",
                    found: "a pair already correlated at \(earlier)")
            }
            pairs[pair] = correlation.fieldPath
        }
        guard !correlations.isEmpty else { return }
        let copula = GaussianCopula(correlations: correlations, parameters: names)
        if copula.rankMatrixIsValid == false {
            throw InputError(
                path: "correlations", expected: "a valid correlation matrix (positive semi-definite)",
                found: "rank correlations that contradict each other",
                hint: "for example a~b and b~c both strong and positive force a~c positive too")
        }
        if copula.factor == nil {
            throw InputError(
                path: "correlations",
                expected: "correlations whose Gaussian-copula matrix 2·sin(π·ρ/6) is positive semi-definite",
                found: "a matrix that is not", hint: "weaken the strongest correlations slightly")
        }
    }
}

extension Distribution {
    /// A distribution that fits `domain` and resembles this one, as advice in an error message.
    func suggestion(for domain: Domain) -> String {
        let m = mean
        let v = variance
        let s = { (x: Double) in String(format: "%.3g", x) }
        switch domain {
        case .probability, .probabilityBelowOne:
            if m > 0 && m < 1 && v > 0 && v < m * (1 - m) {
                let common = m * (1 - m) / v - 1
                return
                    "try {beta: [\(s(m * common)), \(s((1 - m) * common))]}, which has the same mean and standard deviation, or a uniform inside [0, 1]"
            }
            return "a probability wants a beta such as {beta: [2, 8]} or a uniform inside [0, 1]"
        case .positive:
            if m > 0 && v > 0 {
                let sigma2 = log(1 + v / (m * m))
                let mu = log(m) - sigma2 / 2
                let z = Distribution.z95 * sigma2.squareRoot()
                return "try \"\(s(exp(mu - z))) to \(s(exp(mu + z)))\", a lognormal with the same mean and standard deviation"
            }
            return "a positive quantity wants a lognormal such as \"10 to 100\""
        }
    }
}
