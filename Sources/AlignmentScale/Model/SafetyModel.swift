import Foundation

/// The exact safety of an allocation, compiled from a scenario for fast repeated evaluation
/// (MODEL.md §4–§5).
///
/// For true level k and readiness R, with Suff_k the techniques of level ≥ k, Rest_k every other
/// program and N_k = Π_{Suff_k}(1 − R_j) (N_1 = 0):
///
///     P(safe | k) = (1 − N_k) − m₀·[Π_all(1 − u_j R_j) − N_k·Π_{Rest_k}(1 − u_j R_j)] + N_k·Q_k
///     Q_k = Π_{Rest_k}(1 − h_j R_j) − (1 − q₀)·Π_{Rest_k}[1 − R_j·(1 − (1 − e_j)(1 − h_j))]
///
/// With `requires`, the 2^|H| ready/not-ready states of the required programs H are summed over,
/// each weighted by Π R_h or (1 − R_h); in a state, a program with an unready ancestor has R = 0
/// and a program in H has R = 1 or 0 as the state says. States with the same usable programs are
/// summed once (see ``Requirements``), which is exact and much cheaper for chains.
///
/// Every P(safe | k) is a multilinear polynomial in (R_1, …, R_P): each R_j enters every product at
/// most once, and the state weights are linear in each R_h. So the exact partial derivative is
/// ∂P(safe | k)/∂R_j = P(safe | k)|_{R_j = 1} − P(safe | k)|_{R_j = 0}, which ``gradient(at:beliefs:)``
/// uses, times dR_j/dx_j = (c̄_j − R_j)/s_j.
///
/// - Complexity: O(D·(P + N)) per evaluation, with D ≤ 2^|H| the down-sets of H (1 without
///   `requires`); ``safetyAndGradient(at:beliefs:)`` costs about three evaluations.
public struct SafetyModel: Sendable {
    public let levelCount: Int
    public let programCount: Int
    public let programs: [Program]
    let stopBaseline: Double
    let misuseBaseline: Double
    /// ℓ_j for techniques, 0 for every other program.
    let techniqueLevel: [Int]
    /// 1 − (1 − e_j)(1 − h_j): the chance a usable non-sufficient program fires or conceals.
    let triggerOrConceal: [Double]
    /// The `requires` structure: the set H and the down-sets summed over.
    public let requirements: Requirements

    /// Compiles a scenario's programs and scalars.
    public init(scenario: Scenario) {
        self.init(
            programs: scenario.programs, levelCount: scenario.scale.levelCount,
            stopBaseline: scenario.stopBaseline, misuseBaseline: scenario.misuseBaseline)
    }

    /// Compiles programs that have already been validated (ids unique, `requires` acyclic, |H| ≤ 16).
    public init(programs: [Program], levelCount: Int, stopBaseline: Double, misuseBaseline: Double) {
        self.levelCount = levelCount
        self.programCount = programs.count
        self.programs = programs
        self.stopBaseline = stopBaseline
        self.misuseBaseline = misuseBaseline
        techniqueLevel = programs.map { $0.kind == .technique ? ($0.level ?? 0) : 0 }
        triggerOrConceal = programs.map { 1 - (1 - $0.evidence) * (1 - $0.backfire) }
        requirements = Requirements(programs: programs)
    }

    /// Own readiness R_j(x_j) of every program (MODEL.md §3).
    public func readiness(of allocation: [Double]) -> [Double] {
        precondition(allocation.count == programCount)
        return zip(programs, allocation).map { $0.readiness(at: $1) }
    }

    /// P(safe | k) for k = 1..N at an allocation.
    public func levelSafety(of allocation: [Double]) -> [Double] {
        levelSafety(readiness: readiness(of: allocation))
    }

    /// P(safe | k) for k = 1..N given each program's own readiness.
    public func levelSafety(readiness: [Double]) -> [Double] {
        precondition(readiness.count == programCount)
        let workspace = Workspace(self)
        var out = [Double](repeating: 0, count: levelCount)
        readiness.withUnsafeBufferPointer { r in
            out.withUnsafeMutableBufferPointer { o in workspace.levelSafety(readiness: r.baseAddress!, into: o.baseAddress!) }
        }
        return out
    }

    /// V(x) = Σ_k p_k·P(safe | k, x).
    public func safety(of allocation: [Double], beliefs: [Double]) -> Double {
        zip(levelSafety(of: allocation), beliefs).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// ∂P(safe | k)/∂x_j for every program j (rows) and level k (columns), exactly.
    public func levelGradient(at allocation: [Double]) -> [[Double]] {
        let workspace = Workspace(self)
        var r = readiness(of: allocation)
        var rows: [[Double]] = []
        var high = [Double](repeating: 0, count: levelCount)
        var low = high
        for j in 0..<programCount {
            workspace.toggled(&r, j, high: &high, low: &low)
            let slope = (programs[j].ceiling - r[j]) / programs[j].scale
            rows.append(zip(high, low).map { ($0 - $1) * slope })
        }
        return rows
    }

    /// ∂V/∂x_j for every program, exactly.
    public func gradient(at allocation: [Double], beliefs: [Double]) -> [Double] {
        levelGradient(at: allocation).map { row in zip(row, beliefs).reduce(0) { $0 + $1.0 * $1.1 } }
    }
}
