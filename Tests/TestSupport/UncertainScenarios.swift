import AlignmentScale

/// Random scenarios with uncertain parameters, for Monte Carlo property tests.
public enum UncertainScenarios {
    /// ``RandomScenarios/make(seed:programs:levels:withRequires:budget:)`` with several fields of
    /// every program replaced by distributions centred near their old values, an uncertain q₀, and
    /// (on odd seeds) Dirichlet beliefs.
    public static func make(seed: UInt64, programs count: Int, correlations: [RankCorrelation] = []) -> Scenario {
        let base = RandomScenarios.make(seed: seed, programs: count)
        var rng = SeededGenerator(seed: seed ^ 0xD157)
        var parameters: [UncertainParameter] = []
        for (j, program) in base.programs.enumerated() {
            let b = min(max(program.baseline, 0.02), 0.9)
            let concentration = 5 + 40 * rng.nextUniform()
            parameters.append(
                UncertainParameter(
                    name: "programs.\(program.id).baseline", fieldPath: "programs[\(j)].baseline", target: .program(j, .baseline),
                    distribution: .beta(alpha: b * concentration, beta: (1 - b) * concentration)))
            parameters.append(
                UncertainParameter(
                    name: "programs.\(program.id).scale", fieldPath: "programs[\(j)].scale", target: .program(j, .scale),
                    distribution: .ci90(low: program.scale / 3, high: program.scale * 3)))
            parameters.append(
                UncertainParameter(
                    name: "programs.\(program.id).backfire", fieldPath: "programs[\(j)].backfire", target: .program(j, .backfire),
                    distribution: .uniform(low: 0, high: 0.1 + 0.5 * rng.nextUniform())))
            if j % 2 == 0 {
                parameters.append(
                    UncertainParameter(
                        name: "programs.\(program.id).evidence", fieldPath: "programs[\(j)].evidence",
                        target: .program(j, .evidence), distribution: .triangular(low: 0, mode: 0.1, high: 0.5)))
            }
        }
        parameters.append(
            UncertainParameter(
                name: "stop_baseline", fieldPath: "stop_baseline", target: .stopBaseline, distribution: .beta(alpha: 2, beta: 6)))
        return try! Scenario(
            name: base.name, scale: base.scale, beliefs: base.beliefs, budget: base.budget, stopBaseline: base.stopBaseline,
            misuseBaseline: base.misuseBaseline, frontier: base.frontier, programs: base.programs,
            beliefConcentration: seed % 2 == 1 ? 8 : nil,
            uncertainty: Uncertainty(parameters: parameters, correlations: correlations))
    }
}
