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
/// With `requires`, the 2^|H| ready/not-ready states of the required programs H are enumerated,
/// each weighted by Π R_h or (1 − R_h); in a state, a program with an unready ancestor has R = 0
/// and a program in H has R = 1 or 0 as the state says.
///
/// Every P(safe | k) is a multilinear polynomial in (R_1, …, R_P): each R_j enters every product at
/// most once, and the state weights are linear in each R_h. So the exact partial derivative is
/// ∂P(safe | k)/∂R_j = P(safe | k)|_{R_j = 1} − P(safe | k)|_{R_j = 0}, which ``gradient(at:beliefs:)``
/// uses, times dR_j/dx_j = (c̄_j − R_j)/s_j.
///
/// - Complexity: O(2^|H|·(P + N)) per evaluation, O(P·2^|H|·(P + N)) per gradient.
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
    /// Indices of the programs some other program requires (the set H).
    let required: [Int]
    /// For each program, its bit in a state of H (0 when it is not in H).
    let requiredBit: [UInt32]
    /// For each program, the bits of all its ancestors through `requires`.
    let ancestorMask: [UInt32]

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
        var indexOf: [String: Int] = [:]
        for (j, p) in programs.enumerated() { indexOf[p.id] = j }
        let requiredSet = Set(programs.flatMap(\.requires).compactMap { indexOf[$0] })
        required = requiredSet.sorted()
        precondition(required.count <= Scenario.maximumRequiredPrograms, "too many required programs")
        var bit = [UInt32](repeating: 0, count: programs.count)
        for (position, j) in required.enumerated() { bit[j] = 1 << UInt32(position) }
        requiredBit = bit
        var ancestors = [UInt32?](repeating: nil, count: programs.count)
        func mask(_ j: Int, depth: Int) -> UInt32 {
            if let known = ancestors[j] { return known }
            precondition(depth <= programs.count, "cycle in requires")
            var m: UInt32 = 0
            for id in programs[j].requires {
                guard let r = indexOf[id] else { continue }
                m |= bit[r] | mask(r, depth: depth + 1)
            }
            ancestors[j] = m
            return m
        }
        ancestorMask = programs.indices.map { mask($0, depth: 0) }
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

extension SafetyModel {
    /// Scratch memory for allocation-free evaluation in hot loops. One per thread.
    final class Workspace {
        let model: SafetyModel
        let n: Int
        let p: Int
        /// Per-level products over techniques at that level, and prefix/suffix space: 4·N values each.
        let perLevel: UnsafeMutablePointer<Double>
        let effective: UnsafeMutablePointer<Double>
        let scratchReadiness: UnsafeMutablePointer<Double>
        let techniqueLevel: UnsafeMutablePointer<Int>
        let triggerOrConceal: UnsafeMutablePointer<Double>
        let backfire: UnsafeMutablePointer<Double>
        let misuseReduction: UnsafeMutablePointer<Double>
        let requiredBit: UnsafeMutablePointer<UInt32>
        let ancestorMask: UnsafeMutablePointer<UInt32>
        let required: [Int]

        init(_ model: SafetyModel) {
            self.model = model
            n = model.levelCount
            p = model.programCount
            perLevel = .allocate(capacity: 5 * n)
            effective = .allocate(capacity: max(p, 1))
            scratchReadiness = .allocate(capacity: max(p, 1))
            techniqueLevel = .allocate(capacity: max(p, 1))
            triggerOrConceal = .allocate(capacity: max(p, 1))
            backfire = .allocate(capacity: max(p, 1))
            misuseReduction = .allocate(capacity: max(p, 1))
            requiredBit = .allocate(capacity: max(p, 1))
            ancestorMask = .allocate(capacity: max(p, 1))
            for j in 0..<p {
                techniqueLevel[j] = model.techniqueLevel[j]
                triggerOrConceal[j] = model.triggerOrConceal[j]
                backfire[j] = model.programs[j].backfire
                misuseReduction[j] = model.programs[j].misuseReduction
                requiredBit[j] = model.requiredBit[j]
                ancestorMask[j] = model.ancestorMask[j]
            }
            required = model.required
        }

        deinit {
            for pointer in [perLevel, effective, scratchReadiness, triggerOrConceal, backfire, misuseReduction] {
                pointer.deallocate()
            }
            techniqueLevel.deallocate()
            requiredBit.deallocate()
            ancestorMask.deallocate()
        }

        /// Writes P(safe | k) for k = 1..N into `out`, enumerating the states of H.
        func levelSafety(readiness r: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
            out.update(repeating: 0, count: n)
            if required.isEmpty {
                accumulate(readiness: r, weight: 1, into: out)
                return
            }
            let states = UInt32(1) << UInt32(required.count)
            for state in 0..<states {
                var weight = 1.0
                for (position, h) in required.enumerated() {
                    weight *= (state >> UInt32(position)) & 1 == 1 ? r[h] : 1 - r[h]
                }
                if weight == 0 { continue }
                for j in 0..<p {
                    if ancestorMask[j] & ~state != 0 {
                        effective[j] = 0
                    } else if requiredBit[j] != 0 {
                        effective[j] = state & requiredBit[j] != 0 ? 1 : 0
                    } else {
                        effective[j] = r[j]
                    }
                }
                accumulate(readiness: effective, weight: weight, into: out)
            }
        }

        /// Adds weight·P(safe | k) of the closed form without `requires` (MODEL.md §5) to `out`.
        @inline(__always)
        private func accumulate(readiness r: UnsafePointer<Double>, weight: Double, into out: UnsafeMutablePointer<Double>) {
            let notReady = perLevel
            let misuse = perLevel + n
            let conceal = perLevel + 2 * n
            let quiet = perLevel + 3 * n
            let suffix = perLevel + 4 * n
            for k in 0..<n {
                notReady[k] = 1
                misuse[k] = 1
                conceal[k] = 1
                quiet[k] = 1
            }
            var misuseOther = 1.0
            var concealOther = 1.0
            var quietOther = 1.0
            for j in 0..<p {
                let rj = r[j]
                let m = 1 - misuseReduction[j] * rj
                let c = 1 - backfire[j] * rj
                let q = 1 - triggerOrConceal[j] * rj
                let level = techniqueLevel[j]
                if level == 0 {
                    misuseOther *= m
                    concealOther *= c
                    quietOther *= q
                } else {
                    let k = level - 1
                    notReady[k] *= 1 - rj
                    misuse[k] *= m
                    conceal[k] *= c
                    quiet[k] *= q
                }
            }
            // suffix[k] = Π_{levels ≥ k+1} notReady = N_{k+1}
            var running = 1.0
            var k = n - 1
            while k >= 0 {
                running *= notReady[k]
                suffix[k] = running
                k -= 1
            }
            var misuseAll = misuseOther
            for k in 0..<n { misuseAll *= misuse[k] }
            let m0 = model.misuseBaseline
            let quietStop = 1 - model.stopBaseline
            // Rest_k = non-techniques and techniques below k: prefix products.
            var misuseRest = misuseOther
            var concealRest = concealOther
            var quietRest = quietOther
            for k in 0..<n {
                let unaligned = k == 0 ? 0 : suffix[k]
                let value =
                    (1 - unaligned) - m0 * (misuseAll - unaligned * misuseRest)
                    + unaligned * (concealRest - quietStop * quietRest)
                out[k] += weight * value
                misuseRest *= misuse[k]
                concealRest *= conceal[k]
                quietRest *= quiet[k]
            }
        }

        /// P(safe | k) with R_j set to 1 (`high`) and to 0 (`low`); restores `r[j]`.
        func toggled(_ r: inout [Double], _ j: Int, high: inout [Double], low: inout [Double]) {
            let saved = r[j]
            r[j] = 1
            r.withUnsafeBufferPointer { rb in
                high.withUnsafeMutableBufferPointer { levelSafety(readiness: rb.baseAddress!, into: $0.baseAddress!) }
            }
            r[j] = 0
            r.withUnsafeBufferPointer { rb in
                low.withUnsafeMutableBufferPointer { levelSafety(readiness: rb.baseAddress!, into: $0.baseAddress!) }
            }
            r[j] = saved
        }
    }
}
