extension Scenario {
    /// The built-in illustrative scenario on the built-in scale.
    ///
    /// Its numbers are an illustration of how the model behaves, not anyone's considered estimate.
    /// `alignscale init` writes the same scenario out as a commented YAML file.
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
        do {
            return try Scenario(
                name: "Illustrative default",
                beliefs: [0.05, 0.10, 0.15, 0.15, 0.15, 0.12, 0.10, 0.08, 0.05, 0.05],
                budget: 100, stopBaseline: 0.2, misuseBaseline: 0.1, frontier: 3, programs: programs)
        } catch {
            preconditionFailure("the built-in default scenario is invalid: \(error)")
        }
    }()
}
