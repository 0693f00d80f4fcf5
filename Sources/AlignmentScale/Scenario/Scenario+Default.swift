extension Scenario {
    /// The built-in illustrative scenario on the built-in scale.
    ///
    /// Its numbers are an illustration of how the model behaves, not anyone's considered estimate,
    /// and it says so by writing every nonzero program number as a distribution whose median is the
    /// number (so the exact commands use exactly those numbers, while `--samples`, `sensitivity` and
    /// `robust` show what the advice hinges on). The spreads are illustrative too, one rule per kind
    /// of number:
    ///
    /// - a **scale** is lognormal with 90% of its mass within a factor of two (`s/2 to 2s`): how fast
    ///   money turns into readiness is the least known number of all;
    /// - a **backfire** or **evidence** chance p is a symmetric triangle from 0 to 2p: anywhere from
    ///   "it never happens" to "twice as often";
    /// - a **baseline**, **ceiling** or **misuse reduction** p is a symmetric triangle reaching half way
    ///   to the nearer end of [0, 1] (p ± min(p, 1 − p)/2).
    ///
    /// Numbers that are 0 (no backfire, no evidence) stay 0, and the scenario's scalars
    /// (`stop_baseline`, `misuse_baseline`) and beliefs stay fixed. `alignscale init` writes the same
    /// scenario out as a commented YAML file.
    public static let builtinDefault: Scenario = {
        let programs = [
            Program(
                id: "rlhf", name: "RLHF", level: 2, baseline: 0.95, scale: 20, backfire: 0.3),
            Program(
                id: "constitutional-ai", name: "Constitutional AI", level: 3, baseline: 0.85, scale: 25,
                backfire: 0.25),
            Program(
                id: "scalable-oversight", name: "Scalable oversight", level: 4, baseline: 0.35, scale: 60,
                backfire: 0.15, requires: ["rlhf"]),
            Program(
                id: "ai-assisted-oversight", name: "AI-assisted oversight", level: 5, baseline: 0.2, scale: 100,
                backfire: 0.1, requires: ["scalable-oversight"]),
            Program(
                id: "interpretability-oversight", name: "Interpretability-based oversight", level: 6,
                baseline: 0.1, scale: 250, backfire: 0.05, evidence: 0.2),
            Program(
                id: "misalignment-experiments", name: "Contained misalignment experiments", level: 7,
                baseline: 0.05, scale: 400, evidence: 0.3, requires: ["interpretability-oversight"]),
            Program(
                id: "alignment-theory", name: "Theory of misalignment generalisation", level: 8,
                baseline: 0.03, scale: 1000, evidence: 0.05),
            Program(
                id: "new-paradigm", name: "A new paradigm", level: 9, baseline: 0.01, ceiling: 0.5, scale: 3000),
            Program(
                id: "misuse-governance", name: "Misuse governance", kind: .governance, baseline: 0.3, scale: 50,
                misuseReduction: 0.6),
            Program(
                id: "coordinated-pause", name: "Coordinated pause", kind: .coordination, baseline: 0.05,
                scale: 150, evidence: 0.5),
        ]
        // The spreads, written as `alignscale init` writes them (a test reads that file back to
        // exactly this scenario), in the order a scenario file's reader lists them.
        let tri = Distribution.triangular
        let spreads: [[ProgramField: Distribution]] = [
            [.baseline: tri(0.925, 0.95, 0.975), .scale: .ci90(low: 10, high: 40), .backfire: tri(0, 0.3, 0.6)],
            [.baseline: tri(0.775, 0.85, 0.925), .scale: .ci90(low: 12.5, high: 50), .backfire: tri(0, 0.25, 0.5)],
            [.baseline: tri(0.175, 0.35, 0.525), .scale: .ci90(low: 30, high: 120), .backfire: tri(0, 0.15, 0.3)],
            [.baseline: tri(0.1, 0.2, 0.3), .scale: .ci90(low: 50, high: 200), .backfire: tri(0, 0.1, 0.2)],
            [
                .baseline: tri(0.05, 0.1, 0.15), .scale: .ci90(low: 125, high: 500), .backfire: tri(0, 0.05, 0.1),
                .evidence: tri(0, 0.2, 0.4),
            ],
            [.baseline: tri(0.025, 0.05, 0.075), .scale: .ci90(low: 200, high: 800), .evidence: tri(0, 0.3, 0.6)],
            [.baseline: tri(0.015, 0.03, 0.045), .scale: .ci90(low: 500, high: 2000), .evidence: tri(0, 0.05, 0.1)],
            [.baseline: tri(0.005, 0.01, 0.015), .ceiling: tri(0.25, 0.5, 0.75), .scale: .ci90(low: 1500, high: 6000)],
            [.baseline: tri(0.15, 0.3, 0.45), .scale: .ci90(low: 25, high: 100), .misuseReduction: tri(0.4, 0.6, 0.8)],
            [.baseline: tri(0.025, 0.05, 0.075), .scale: .ci90(low: 75, high: 300), .evidence: tri(0, 0.5, 1)],
        ]
        var parameters: [UncertainParameter] = []
        for (j, program) in programs.enumerated() {
            for field in ProgramField.allCases {
                guard let distribution = spreads[j][field] else { continue }
                parameters.append(
                    UncertainParameter(
                        name: "programs.\(program.id).\(field.rawValue)", fieldPath: "programs[\(j)].\(field.rawValue)",
                        target: .program(j, field), distribution: distribution))
            }
        }
        do {
            return try Scenario(
                name: "Illustrative default",
                beliefs: [0.05, 0.10, 0.15, 0.15, 0.15, 0.12, 0.10, 0.08, 0.05, 0.05],
                budget: 100, stopBaseline: 0.2, misuseBaseline: 0.1, frontier: 3, programs: programs,
                uncertainty: Uncertainty(parameters: parameters))
        } catch {
            preconditionFailure("the built-in default scenario is invalid: \(error)")
        }
    }()
}
