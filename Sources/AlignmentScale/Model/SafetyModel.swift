import Foundation

/// The exact safety of an allocation over a scenario's worlds, compiled once for fast repeated
/// evaluation (<doc:TheModel>, <doc:DisputedOrderings>).
///
/// For a world w with sufficient techniques Suff_w (none needed at level 1), Rest_w every other
/// program, readiness R and N_w = Π_{Suff_w}(1 − R_j) (N_w = 0 when the world needs none):
///
///     P(safe | w) = (1 − N_w) − m₀·[Π_all(1 − u_j R_j) − N_w·Π_{Rest_w}(1 − u_j R_j)] + N_w·Q_w
///     Q_w = Π_{Rest_w}(1 − h_j R_j) − (1 − q₀)·Π_{Rest_w}[1 − R_j·(1 − (1 − e_j)(1 − h_j))]
///
/// Within one ordering the sufficient sets are nested (a technique that suffices at level k
/// suffices at every lower level), so one pass over the programs grouped by level gives all N
/// worlds of the ordering; a scenario with O orderings runs that pass O times.
///
/// With `requires`, the 2^|H| ready/not-ready states of the required programs H are summed over,
/// each weighted by Π R_h or (1 − R_h); in a state, a program with an unready ancestor has R = 0
/// and a program in H has R = 1 or 0 as the state says. States with the same usable programs are
/// summed once (see ``Requirements``), which is exact and much cheaper for chains.
///
/// Every P(safe | w) is a multilinear polynomial in (R_1, …, R_P): each R_j enters every product at
/// most once, and the state weights are linear in each R_h. So the exact partial derivative is
/// ∂P(safe | w)/∂R_j = P(safe | w)|_{R_j = 1} − P(safe | w)|_{R_j = 0}, which ``gradient(at:weights:)``
/// uses, times dR_j/dx_j = (c̄_j − R_j)/s_j.
///
/// - Complexity: O(D·O·(P + N)) per evaluation, with D ≤ 2^|H| the down-sets of H (1 without
///   `requires`) and O the orderings; ``safetyAndGradient(at:weights:)`` costs about three evaluations.
public struct SafetyModel: Sendable {
    public let levelCount: Int
    public let programCount: Int
    public let programs: [Program]
    let stopBaseline: Double
    let misuseBaseline: Double
    /// Per ordering, per program: the level at which it suffices (0: never, or not a technique).
    public let sufficiencyLevels: [[Int]]
    /// 1 − (1 − e_j)(1 − h_j): the chance a usable non-sufficient program fires or conceals.
    let triggerOrConceal: [Double]
    /// The `requires` structure: the set H and the down-sets summed over.
    public let requirements: Requirements
    /// Values by level and stops that cost (<doc:Assumptions>).
    public let structure: Structure
    /// Whether any switch of ``structure`` or any program's by-level value or false alarm is on:
    /// the model then evaluates each world on its own (the general pass), O(N·P) per
    /// ordering instead of O(N + P), and differentiates by toggling each readiness.
    public let isGeneral: Bool

    /// The number of orderings O.
    public var orderingCount: Int { sufficiencyLevels.count }

    /// The number of worlds O·N; world w = o·N + (k − 1).
    public var worldCount: Int { sufficiencyLevels.count * levelCount }

    /// Compiles a scenario's programs, scalars and orderings.
    public init(scenario: Scenario) {
        self.init(
            programs: scenario.programs, sufficiencyLevels: scenario.worlds.sufficiencyLevels,
            levelCount: scenario.scale.levelCount, stopBaseline: scenario.stopBaseline, misuseBaseline: scenario.misuseBaseline,
            structure: scenario.structure)
    }

    /// Compiles programs on one ladder: the programs' own levels form the only ordering.
    public init(
        programs: [Program], levelCount: Int, stopBaseline: Double, misuseBaseline: Double, structure: Structure = Structure()
    ) {
        self.init(
            programs: programs, sufficiencyLevels: [Worlds.ownLevels(of: programs)], levelCount: levelCount,
            stopBaseline: stopBaseline, misuseBaseline: misuseBaseline, structure: structure)
    }

    /// Compiles programs that have already been validated (ids unique, `requires` acyclic with few
    /// enough usable sets) over orderings given as each program's sufficiency level per ordering
    /// (``Worlds/sufficiencyLevels``).
    public init(
        programs: [Program], sufficiencyLevels: [[Int]], levelCount: Int, stopBaseline: Double, misuseBaseline: Double,
        structure: Structure = Structure()
    ) {
        precondition(!sufficiencyLevels.isEmpty && sufficiencyLevels.allSatisfy { $0.count == programs.count })
        self.levelCount = levelCount
        self.programCount = programs.count
        self.programs = programs
        self.stopBaseline = stopBaseline
        self.misuseBaseline = misuseBaseline
        self.sufficiencyLevels = sufficiencyLevels
        triggerOrConceal = programs.map { 1 - (1 - $0.evidence) * (1 - $0.backfire) }
        requirements = Requirements(programs: programs)
        self.structure = structure
        isGeneral = !structure.isPlain || programs.contains { $0.hasStructure }
    }

    /// The same model scoring P(no catastrophe) instead of the expected value: with stop costs the
    /// objective U counts a stopped world as 1 − c, while safety counts it as safe (U at c = 0).
    /// Without a stop cost, the model itself.
    public var safetyOnly: SafetyModel {
        guard structure.hasStopCost else { return self }
        var plain = structure
        plain.stopCost = 0
        return SafetyModel(
            programs: programs, sufficiencyLevels: sufficiencyLevels, levelCount: levelCount, stopBaseline: stopBaseline,
            misuseBaseline: misuseBaseline, structure: plain)
    }

    /// Own readiness R_j(x_j) of every program (<doc:TheModel>).
    public func readiness(of allocation: [Double]) -> [Double] {
        precondition(allocation.count == programCount)
        return zip(programs, allocation).map { $0.readiness(at: $1) }
    }

    /// P(safe | w) for every world at an allocation.
    public func worldSafety(of allocation: [Double]) -> [Double] {
        worldSafety(readiness: readiness(of: allocation))
    }

    /// P(safe | w) for every world given each program's own readiness.
    public func worldSafety(readiness: [Double]) -> [Double] {
        precondition(readiness.count == programCount)
        let workspace = Workspace(self)
        var out = [Double](repeating: 0, count: worldCount)
        readiness.withUnsafeBufferPointer { r in
            out.withUnsafeMutableBufferPointer { o in workspace.worldSafety(readiness: r.baseAddress!, into: o.baseAddress!) }
        }
        return out
    }

    /// P(safe | w) for every world given exactly which programs are usable (1) and which are not
    /// (0), `requires` already applied: the outcome of <doc:TheModel> once the readiness coins have
    /// landed. The race over time scores each trajectory with this.
    public func outcome(usable: [Double]) -> [Double] {
        precondition(usable.count == programCount)
        let workspace = Workspace(self)
        var out = [Double](repeating: 0, count: worldCount)
        usable.withUnsafeBufferPointer { r in
            out.withUnsafeMutableBufferPointer { o in workspace.outcome(usable: r.baseAddress!, into: o.baseAddress!) }
        }
        return out
    }

    /// V(x) = Σ_w P(w)·P(safe | w, x), with `weights` the worlds' probabilities (the beliefs, on one ladder).
    public func safety(of allocation: [Double], weights: [Double]) -> Double {
        zip(worldSafety(of: allocation), weights).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// ∂P(safe | w)/∂x_j for every program j (rows) and world w (columns), exactly.
    public func worldGradient(at allocation: [Double]) -> [[Double]] {
        let workspace = Workspace(self)
        var r = readiness(of: allocation)
        var rows: [[Double]] = []
        var high = [Double](repeating: 0, count: worldCount)
        var low = high
        for j in 0..<programCount {
            workspace.toggled(&r, j, high: &high, low: &low)
            let slope = (programs[j].ceiling - r[j]) / programs[j].scale
            rows.append(zip(high, low).map { ($0 - $1) * slope })
        }
        return rows
    }

    /// ∂V/∂x_j for every program, exactly, with `weights` the worlds' probabilities.
    public func gradient(at allocation: [Double], weights: [Double]) -> [Double] {
        worldGradient(at: allocation).map { row in zip(row, weights).reduce(0) { $0 + $1.0 * $1.1 } }
    }
}
