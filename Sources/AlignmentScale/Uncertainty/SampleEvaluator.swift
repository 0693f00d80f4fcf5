import Foundation

/// V(x) and ∂V/∂x for one Monte Carlo row at a time, without allocating: the hot loop of every
/// sampling command. It applies a row exactly as ``ParameterSampler/instance(of:row:)`` does (tests
/// hold the two to each other). Not thread-safe: one per thread.
final class SampleEvaluator {
    let sampler: ParameterSampler
    let scenario: Scenario
    let levelCount: Int
    let programCount: Int
    private let workspace: SafetyModel.Workspace
    /// Per program: baseline, ceiling, scale, backfire, evidence, misuse reduction (6·P values).
    private let fields: UnsafeMutablePointer<Double>
    /// P(w) of the current draw, for every world.
    private let weights: UnsafeMutablePointer<Double>
    let worldCount: Int
    private let readiness: UnsafeMutablePointer<Double>
    private let slopes: UnsafeMutablePointer<Double>
    private let levels: UnsafeMutablePointer<Double>
    /// For each uncertain parameter: 6·j + field offset, −1 for q₀, −2 for m₀, or −3 for a value
    /// given by level (set through ``levelTargets``).
    private let targets: [Int]
    /// The uncertain values given by level, by their index in the row.
    private let levelTargets: [(index: Int, target: ParameterTarget)]

    init(scenario: Scenario, sampler: ParameterSampler) {
        self.sampler = sampler
        self.scenario = scenario
        levelCount = scenario.scale.levelCount
        programCount = scenario.programs.count
        let p = programCount
        let model = SafetyModel(scenario: scenario)
        workspace = SafetyModel.Workspace(model)
        worldCount = model.worldCount
        fields = .allocate(capacity: 6 * p)
        weights = .allocate(capacity: worldCount)
        readiness = .allocate(capacity: p)
        slopes = .allocate(capacity: p)
        levels = .allocate(capacity: worldCount)
        for (j, program) in scenario.programs.enumerated() {
            fields[j] = program.baseline
            fields[p + j] = program.ceiling
            fields[2 * p + j] = program.scale
            fields[3 * p + j] = program.backfire
            fields[4 * p + j] = program.evidence
            fields[5 * p + j] = program.misuseReduction
        }
        let probabilities = scenario.worlds.probabilities
        for w in 0..<worldCount { weights[w] = probabilities[w] }
        levelTargets = sampler.parameters.enumerated().compactMap { index, parameter in
            switch parameter.target {
            case .stopBaselineAtLevel, .misuseBaselineAtLevel, .programAtLevel: return (index, parameter.target)
            default: return nil
            }
        }
        targets = sampler.parameters.map { parameter in
            switch parameter.target {
            case .stopBaseline: return -1
            case .misuseBaseline: return -2
            case .stopBaselineAtLevel, .misuseBaselineAtLevel, .programAtLevel: return -3
            case let .program(j, field):
                let offset = [ProgramField.baseline, .ceiling, .scale, .backfire, .evidence, .misuseReduction].firstIndex(
                    of: field)!
                return offset * p + j
            }
        }
    }

    deinit {
        fields.deallocate()
        weights.deallocate()
        readiness.deallocate()
        slopes.deallocate()
        levels.deallocate()
    }

    /// Makes `row` (``ParameterSampler/width`` values) the current draw.
    func load(_ row: UnsafePointer<Double>) {
        for (index, target) in targets.enumerated() {
            switch target {
            case -1: workspace.stopBaseline = row[index]
            case -2: workspace.misuseBaseline = row[index]
            case -3: break
            default: fields[target] = row[index]
            }
        }
        let p = programCount
        for j in 0..<p {
            workspace.setParameters(
                program: j, backfire: fields[3 * p + j], evidence: fields[4 * p + j], misuseReduction: fields[5 * p + j])
        }
        for (index, target) in levelTargets { workspace.setLevelValue(target, row[index]) }
        if sampler.beliefConcentration != nil { sampler.writeWeights(row: row, into: weights) }
    }

    @inline(__always)
    private func setReadiness(_ x: UnsafePointer<Double>) {
        let p = programCount
        for j in 0..<p {
            let b = fields[j]
            let c = max(fields[p + j], b)
            let s = max(fields[2 * p + j], .leastNormalMagnitude)
            readiness[j] = Program.readiness(at: x[j], ceiling: c, span: c - b, scale: s)
        }
    }

    /// V(x) of the current draw.
    func safety(at x: UnsafePointer<Double>) -> Double {
        setReadiness(x)
        workspace.worldSafety(readiness: readiness, into: levels)
        var total = 0.0
        for w in 0..<worldCount { total += weights[w] * levels[w] }
        return total
    }

    /// V(x) of the current draw, with ∂V/∂x written into `gradient`.
    func safetyAndGradient(at x: UnsafePointer<Double>, gradient: UnsafeMutablePointer<Double>) -> Double {
        setReadiness(x)
        let value = workspace.safetyAndGradient(readiness: readiness, weights: weights, gradient: slopes)
        let p = programCount
        for j in 0..<p {
            let c = max(fields[p + j], fields[j])
            let s = max(fields[2 * p + j], .leastNormalMagnitude)
            gradient[j] = slopes[j] * (c - readiness[j]) / s
        }
        return value
    }
}
