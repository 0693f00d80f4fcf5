import AlignmentScale
import Foundation

/// Where `margins` takes the marginal values.
public enum MarginPoint: String, Sendable, CaseIterable {
    case statusQuo = "status-quo"
    case optimal, scenario
}

/// The analyses behind both the command line and the web API, so the two print the same report
/// (and the same JSON) for the same request.
public enum Analyses {
    /// `evaluate`: exact at the given allocation (or the scenario's), plus Monte Carlo when `sampling` is set.
    /// - Parameter charts: add the charts' SVG to the JSON (the web API's `charts=svg`).
    public static func evaluate(
        _ scenario: Scenario, allocation given: [Double]?, sampling: MonteCarloOptions?, format: OutputFormat,
        charts: Bool = false, export: (([Double]) -> Void)? = nil
    ) -> String {
        let label =
            given != nil
            ? "from --allocation"
            : scenario.allocation != nil ? "from the scenario file" : "status quo (every program at its minimum)"
        let exact = Evaluation(scenario: scenario, allocation: given)
        let sampled = sampling.map {
            SampledEvaluation(scenario: scenario, allocation: given ?? scenario.currentAllocation, options: $0, export: export)
        }
        return EvaluationReport(exact, scenario: scenario, allocationLabel: label, sampled: sampled)
            .rendered(format, charts: charts)
    }

    /// `optimize`: the exact optimum, or with `sampling` the sample-average (or CVaR) optimum.
    /// - Parameter isCancelled: stops the exact optimiser early (a server's deadline).
    public static func optimize(
        _ scenario: Scenario, sampling: MonteCarloOptions?, measure: RiskMeasure = .mean,
        stabilityDraws: Int = SampledOptimization.spreadDraws, format: OutputFormat, verbose: Bool = false,
        charts: Bool = false, isCancelled: (@Sendable () -> Bool)? = nil
    ) -> String {
        guard let sampling else {
            let result = OptimizationReport(scenario: scenario, options: Optimizer.Options(isCancelled: isCancelled))
            return OptimizationReportView(result, scenario: scenario, verbose: verbose).rendered(format, charts: charts)
        }
        let result = SampledOptimization(scenario: scenario, measure: measure, options: sampling, spreadDraws: stabilityDraws)
        return SampledOptimizationReport(result, scenario: scenario).rendered(format, charts: charts)
    }

    /// `margins` at an allocation or a named point.
    public static func margins(
        _ scenario: Scenario, at point: MarginPoint, allocation given: [Double]?, sampling: MonteCarloOptions?,
        format: OutputFormat, charts: Bool = false, isCancelled: (@Sendable () -> Bool)? = nil
    ) -> String {
        let x: [Double]
        let label: String
        if let given {
            (x, label) = (given, "the given allocation")
        } else {
            switch point {
            case .statusQuo: (x, label) = (scenario.statusQuo, "the status quo")
            case .optimal:
                (x, label) = (
                    OptimizationReport(scenario: scenario, options: Optimizer.Options(isCancelled: isCancelled)).allocation,
                    "the optimal allocation"
                )
            case .scenario: (x, label) = (scenario.currentAllocation, "the scenario's allocation")
            }
        }
        let sampled = sampling.map { SampledMargins(scenario: scenario, allocation: x, options: $0) }
        return MarginsReport(Margins(scenario: scenario, allocation: x), scenario: scenario, atLabel: label, sampled: sampled)
            .rendered(format, charts: charts)
    }

    /// `voi`.
    public static func voi(
        _ scenario: Scenario, format: OutputFormat, charts: Bool = false, isCancelled: (@Sendable () -> Bool)? = nil
    ) -> String {
        let voi = ValueOfInformation(scenario: scenario, options: Optimizer.Options(isCancelled: isCancelled))
        return ValueOfInformationReport(voi, scenario: scenario).rendered(format, charts: charts)
    }

    /// `race`, with its chart.
    /// - Throws: ``InputError`` at `timeline.step` when the horizon holds more than `limits.raceSteps` steps.
    public static func race(
        _ scenario: Scenario, allocation given: [Double]?, options: MonteCarloOptions, horizon: Double,
        limits: Limits = .commandLine
    ) throws -> RaceResult {
        let steps = horizon / scenario.timeline.step
        guard steps <= Double(limits.raceSteps) else {
            throw scenario.sourceMap.locate(
                InputError(
                    path: "timeline.step",
                    expected: "at most \(limits.raceSteps) steps over the horizon of \(InputError.show(horizon)) years",
                    found: "steps of \(InputError.show(scenario.timeline.step)) years"))
        }
        return RaceResult(scenario: scenario, allocation: given ?? scenario.currentAllocation, options: options, horizon: horizon)
    }

    /// Parses `mean` or `cvar:ALPHA` (0 < ALPHA ≤ 1).
    /// - Throws: ``InputError`` at `path`.
    public static func measure(_ text: String, path: String) throws -> RiskMeasure {
        if text == "mean" { return .mean }
        if text.hasPrefix("cvar:"), let alpha = Double(text.dropFirst(5)), alpha > 0, alpha <= 1 { return .cvar(alpha: alpha) }
        throw InputError(path: path, expected: "mean or cvar:ALPHA with 0 < ALPHA ≤ 1", found: "'\(text)'")
    }

    /// Parses `id=amount,...` against a scenario (programs left out get their minimum).
    /// - Throws: ``InputError`` at `path`.
    public static func allocation(_ text: String, for scenario: Scenario, path: String) throws -> [Double] {
        var map: [String: Double] = [:]
        for pair in text.split(separator: ",", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else {
                throw InputError(path: path, expected: "id=amount pairs separated by commas", found: "'\(pair)'")
            }
            guard let amount = Double(parts[1]), amount.isFinite else {
                throw InputError(path: "\(path).\(parts[0])", expected: "a finite number", found: "'\(parts[1])'")
            }
            guard map.updateValue(amount, forKey: parts[0]) == nil else {
                throw InputError(path: "\(path).\(parts[0])", expected: "each program at most once", found: "a repeat")
            }
        }
        guard !map.isEmpty else { throw InputError(path: path, expected: "at least one id=amount pair", found: "nothing") }
        return try scenario.checked(allocation: map, path: path)
    }
}
