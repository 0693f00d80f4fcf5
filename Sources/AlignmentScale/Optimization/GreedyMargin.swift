import Foundation

/// The `greedy-margin` rule (<doc:QuestionsTheToolAnswers>): steps of B/1000 from the status quo, each to the program
/// with the largest positive marginal value that is below its maximum, until none is positive.
///
/// Every step needs every marginal value ∂V/∂x_i = ∂V/∂R_i · dR_i/dx_i. Recomputing them costs a
/// reverse pass per step (a thousand per run). Instead: V is multilinear in the readiness values,
/// so while only the programs of a small *active set* A move, each ∂V/∂R_i (which does not depend
/// on R_i) is a multilinear function of R_A alone, and is known exactly everywhere from its values
/// at the 2^|A| corners R_A ∈ {0, 1}^|A|:
///
///     ∂V/∂R_i (ρ) = Σ_c ∂V/∂R_i (c) · Π_{a ∈ A} (ρ_a if c_a = 1, else 1 − ρ_a)
///
/// A reverse pass is needed only at each corner when a program joins A (the greedy run funds few
/// programs). This is the same rule with the same marginal values, up to rounding (about 1e-16
/// relative), so it steps the same way except where two marginal values tie to within rounding.
///
/// A step need not interpolate every program's marginal value either: only the winner's, and the
/// values of the programs that might beat it. The same multilinear form bounds how far a value can
/// drift: along R_a it changes at most as fast as its largest difference between two corners that
/// differ only in a, so after the active programs' readiness has moved by S in total since the value
/// was last interpolated, it lies within (that largest difference)·S of it, widened by a margin for
/// rounding (1e-12 of its largest corner value, several hundred times the interpolation's error).
/// A step interpolates the program of highest bound, then every program whose bound reaches that
/// program's value, and picks among those exactly as interpolating all of them would: the others
/// are certainly below. So the steps, and the allocation, are the same to the last bit as
/// interpolating every marginal value at every step. A step costs O(P + m·2^|A|), m the programs
/// interpolated (one or two in a typical run, where two programs take turns), instead of
/// O(P·2^|A|).
///
/// Most of a run is long stretches in which one program wins step after step (on the study's
/// problems, three quarters of the steps lie in stretches of more than a hundred). Such a stretch
/// is taken at once. While only an active program j moves, every interpolated ∂V/∂R_i is linear in
/// R_j (it is multilinear in the active readiness): exactly the line between its values with R_j
/// pinned at 0 and at 1, the other active programs where they are, up to the interpolation's
/// rounding, which each program's margin covers. j's own ∂V/∂R_j does not depend on R_j, so it is
/// at least the lower of its two ends; its value is that times (c_j − R_j)/s_j, which falls as R_j
/// rises. With u = exp(−k·step/s_j) after k more steps, R_j = c_j − (c_j − R_j now)·u, so j's value
/// is at least α·u and each rival's at most β_i − γ_i·u (its factor does not move), and j
/// certainly wins every step up to the u where the two meet. A run ahead takes the steps up to a
/// little before it. It adds `step` to x_j and takes it from what is free the same way the loop
/// does, one step at a time (so x_j and what is free are the same numbers to the last bit), then
/// checks the claim with the readiness the loop would compute: both bounds are linear in R_j, so j
/// leads at every step if it leads at the first and at the last, where R_j is widened by 1e-15 for
/// exp's last place and the lead must exceed 1e-12 of the values for the loop's own rounding. If
/// the check fails nothing is taken and the loop goes on step by step. Every step taken is one the
/// loop would have taken, so the allocation is still the same to the last bit; the rivals' bounds
/// from before count the movement as at least what the loop would have added (R_j's rise plus
/// 1e-15 a step), so they stay bounds. A stretch costs one pass of additions, two exponentials and
/// two interpolations of every program instead of a step's work per step; tries that find nothing
/// to take back off (a program must win 2, 4, …, 64 steps in a row before the next try).
///
/// Races, where two active programs j and k take turns, are taken the same way but step by step,
/// each step a real comparison made cheaply. While only R_j and R_k move, every interpolated
/// ∂V/∂R_i is bilinear in the two: the interpolation of its four values with (R_j, R_k) pinned at
/// the corners of the unit square. A race step computes the two racers' values from those four
/// (a few operations instead of an interpolation over every corner of the active set); they are
/// within each program's margin (times its factor) and 1e-12 of the values the loop would compute,
/// so where the two differ by more than that sum the higher is the loop's winner, and a nearer tie
/// goes back to the loop. The rivals stay out of it: the race runs for at most 256 steps, so R_j and
/// R_k stay in a known box over which each rival's bilinear value is largest at a corner, and the
/// race stops as soon as the winner's value, less its slack, is not above every rival's largest
/// (plus margin). The steps add `step`, take the exponential and add to `moved` as the loop does,
/// so every number is the loop's. Tries at races back off like runs ahead, counted in changes of
/// winner.
///
/// What is left step by step is the near ties and the steps around a program joining, and each
/// join costs the corners' reverse passes. On the study's problems a run is now under a quarter of
/// the time of interpolating every value at every step: some ten evaluations' worth, not one.
struct GreedyMargin {
    /// The most programs whose readiness moves between refreshes of the corners.
    static let maximumActive = 4
    /// The rounding margin of a bound, relative to the program's largest corner value.
    static let roundingMargin = 1e-12

    let problem: AllocationProblem
    /// Polled at every step; once it answers `true` the run stops where it is (its allocation is
    /// then meaningless and discarded by the caller). Each step can cost a reverse pass.
    var isCancelled: (@Sendable () -> Bool)? = nil

    func allocation() -> [Double] {
        let model = problem.model
        let programs = model.programs
        let p = programs.count
        var x = problem.lower
        let step = problem.budget / 1000
        var free = problem.budget - x.reduce(0, +)
        guard step > 0, p > 0 else { return x }
        let evaluator = model.evaluator()
        let ceilings = programs.map(\.ceiling)
        let scales = programs.map(\.scale)
        let spans = programs.map { $0.ceiling - $0.baseline }
        // Program.readiness(at:), without copying the program per step.
        func readiness(_ j: Int, at amount: Double) -> Double {
            Program.readiness(at: amount, ceiling: ceilings[j], span: spans[j], scale: scales[j])
        }
        let upper = problem.upper
        let open = step * 1e-9
        var r = model.readiness(of: x)
        var active: [Int] = []
        active.reserveCapacity(GreedyMargin.maximumActive)
        var scratch = [Double](repeating: 0, count: p)

        // Every buffer of the run, made once (the steps allocate nothing):
        // corners[c·p + i] = ∂V/∂R_i with R_active at corner c (bit b of c: active[b] at 1);
        // weights[c]: corner c's interpolation weight at the current readiness;
        // per program, since the corners were last computed: `steepest`, the largest difference
        // between two corners one active program apart (how fast its marginal can move per unit of
        // readiness) and `margin`, its bounds' rounding margin; then its bound on ∂V/∂x_i as a line
        // in `moved`, lineA + lineB·moved, from its last interpolation (lineA = ∞: none since the
        // corners were computed or its own readiness moved); per step, `bound`. And per program at
        // its current readiness: `factor`, dR_i/dx_i, with `slope` and `spread`, steepest and margin
        // in units of ∂V/∂x_i.
        let cornerCount = 1 << GreedyMargin.maximumActive
        let storage = UnsafeMutablePointer<Double>.allocate(capacity: cornerCount * p + 7 * cornerCount + 14 * p)
        defer { storage.deallocate() }
        let corners = storage
        let weights = corners + cornerCount * p
        let steepest = weights + cornerCount
        let margin = steepest + p
        let lineA = margin + p
        let lineB = lineA + p
        let bound = lineB + p
        let factor = bound + p
        let slope = factor + p
        let spread = slope + p
        // A run ahead's scratch: the corners' weights with the runner's readiness pinned at 0 and
        // at 1, and each program's interpolated ∂V/∂R_i at the two.
        let pinnedWeights = spread + p
        let atZero = pinnedWeights + 2 * cornerCount
        let atOne = atZero + p
        // A race's scratch: the corners' weights with the two racers pinned at (0, 0), (1, 0),
        // (0, 1) and (1, 1), and each program's interpolated ∂V/∂R_i at the four, in that order.
        let raceWeights = atOne + p
        let atPins = raceWeights + 4 * cornerCount
        // Σ |ΔR_a| over the active programs' steps since the corners were computed.
        var moved = 0.0
        // A corner that is not finite defeats the bounds: then every step interpolates everything.
        var boundsHold = true

        func refresh() {
            var at = r
            for corner in 0..<(1 << active.count) {
                for (b, a) in active.enumerated() { at[a] = corner & (1 << b) != 0 ? 1 : 0 }
                evaluator.readinessGradient(at, weights: problem.weights, into: &scratch)
                for i in 0..<p { corners[corner * p + i] = scratch[i] }
            }
            // The bounds start again from the new corners.
            boundsHold = true
            for i in 0..<p {
                var largest = 0.0
                var fastest = 0.0
                for corner in 0..<(1 << active.count) {
                    let here = corners[corner * p + i]
                    if !here.isFinite { boundsHold = false }
                    largest = max(largest, abs(here))
                    for b in 0..<active.count where corner & (1 << b) == 0 {
                        fastest = max(fastest, abs(corners[(corner | 1 << b) * p + i] - here))
                    }
                }
                steepest[i] = fastest
                margin[i] = GreedyMargin.roundingMargin * largest
                lineA[i] = .infinity
                rescale(i)
            }
            moved = 0
        }
        func rescale(_ i: Int) {
            factor[i] = (ceilings[i] - r[i]) / scales[i]
            slope[i] = steepest[i] * abs(factor[i]) * (1 + 1e-9)
            spread[i] = margin[i] * abs(factor[i])
        }

        // Each corner's interpolation weight, the products Π_a (ρ_a or 1 − ρ_a) over the active
        // programs at their readiness (`pinned` at `pin` instead), built one active program at a
        // time in the order the interpolation multiplies them, so each weight is the same number to
        // the last bit. Returns whether every active readiness used lies within [0, 1], where the
        // weights are convex, as the bounds need.
        func cornerWeights(
            into weights: UnsafeMutablePointer<Double>, pinning pinned: Int = -1, at pin: Double = 0,
            and second: Int = -1, at secondPin: Double = 0
        ) -> Bool {
            weights[0] = 1
            var inBox = true
            for b in 0..<active.count {
                let a = active[b]
                let ra = a == pinned ? pin : a == second ? secondPin : r[a]
                if !(ra >= 0 && ra <= 1) { inBox = false }
                let half = 1 << b
                for corner in 0..<half {
                    let w = weights[corner]
                    weights[corner] = w * (1 - ra)
                    weights[corner + half] = w * ra
                }
            }
            return inBox
        }

        // Σ_c weights[c]·corners[c][i] over the active set's corners: program i's interpolated
        // ∂V/∂R_i at the readiness `weights` were made for.
        func interpolate(_ i: Int, with weights: UnsafeMutablePointer<Double>) -> Double {
            var d = 0.0
            for corner in 0..<(1 << active.count) { d += weights[corner] * corners[corner * p + i] }
            return d
        }

        // Takes at once the steps that the active program `j` certainly wins next, one after the
        // other (the type's documentation says why they are the same steps). Returns how many it
        // took (0: none; nothing changed).
        func runAhead(_ j: Int) -> Int {
            guard boundsHold, active.contains(j) else { return 0 }
            let r0 = r[j]
            let gap0 = ceilings[j] - r0
            guard gap0 > 0, scales[j] > 0 else { return 0 }
            // Every program's interpolated ∂V/∂R_i with R_j pinned at 0 and at 1, the other active
            // programs where they are: while R_j alone moves, ∂V/∂R_i runs along the line between.
            guard cornerWeights(into: pinnedWeights, pinning: j, at: 0),
                cornerWeights(into: pinnedWeights + cornerCount, pinning: j, at: 1)
            else { return 0 }
            for i in 0..<p where i == j || upper[i] - x[i] > open {
                atZero[i] = interpolate(i, with: pinnedWeights)
                atOne[i] = interpolate(i, with: pinnedWeights + cornerCount)
            }
            // A lower bound on j's interpolated ∂V/∂R_j (its line is flat but for rounding).
            let dLow = min(atZero[j], atOne[j]) - margin[j]
            guard dLow > 0 else { return 0 }
            // With u = exp(−(steps − 1)·step/s_j) at the last step, R_j = c_j − gap0·u: j's value
            // is at least α·u, and rival i's at most β_i − γ_i·u (its line in R_j, widened by its
            // rounding margin, times its factor, which does not move).
            let alpha = dLow * gap0 / scales[j]
            var uLeast = -Double.infinity
            for i in 0..<p where i != j && upper[i] - x[i] > open {
                guard factor[i] >= 0 else { return 0 }
                let rise = atOne[i] - atZero[i]
                let beta = factor[i] * (atZero[i] + rise * ceilings[j] + margin[i])
                let gamma = factor[i] * rise * gap0
                if alpha + gamma > 0 {
                    uLeast = max(uLeast, beta / (alpha + gamma))
                } else if !(beta < alpha + gamma) {
                    // j's lead does not grow as u falls, and it has none now.
                    return 0
                }
            }
            guard uLeast < 1 else { return 0 }
            // At most what the budget and j's maximum leave for whole steps; at least 3 to be worth it.
            var reach = min(free, upper[j] - x[j]) / step - 1
            if uLeast > 0 { reach = min(reach, -scales[j] * log(uLeast * (1 + 1e-9)) / step * (1 - 1e-9)) }
            guard reach >= 3 else { return 0 }
            let count = Int(min(reach, 1e6))
            // The steps, each the loop's own `x[j] += add; free -= add` with add = step.
            var xk = x[j]
            var fk = free
            var last = xk
            var taken = 0
            while taken < count && fk >= step && upper[j] - xk >= step {
                last = xk
                xk += step
                fk -= step
                taken += 1
            }
            guard taken >= 3 else { return 0 }
            // The check, with the readiness the loop would compute. The steps' R_j run from r0 to
            // the last step's (widened by 1e-15 for exp's last place); along the way j's value is
            // at least dLow·(c_j − R_j)/s_j and rival i's at most (its line + margin)·factor_i, both
            // linear in R_j, so j leads at every step if it leads at both ends (by more than 1e-12
            // of the values, for the rounding of the loop's own arithmetic).
            let rLast = readiness(j, at: last)
            guard rLast <= 1, rLast >= r0 else { return 0 }
            let rEnd = rLast + 1e-15 * max(1, abs(ceilings[j]))
            let leadStart = dLow * gap0 / scales[j]
            let leadEnd = dLow * (ceilings[j] - rEnd) / scales[j]
            guard leadEnd > 0 else { return 0 }
            for i in 0..<p where i != j && upper[i] - x[i] > open {
                let rivalStart = (atZero[i] * (1 - r0) + atOne[i] * r0 + margin[i]) * factor[i]
                let rivalEnd = (atZero[i] * (1 - rEnd) + atOne[i] * rEnd + margin[i]) * factor[i]
                let slack = 1e-12 * (leadStart + leadEnd + abs(rivalStart) + abs(rivalEnd))
                if !(leadStart - rivalStart > slack && leadEnd - rivalEnd > slack) { return 0 }
            }
            let next = readiness(j, at: xk)
            guard next >= r0 else { return 0 }
            x[j] = xk
            free = fk
            // The bounds' movement, at least what the loop would have added step by step.
            moved = moved + (next - r0) + Double(taken + 2) * 1e-15 * (1 + moved + (next - r0))
            r[j] = next
            lineA[j] = .infinity
            rescale(j)
            return taken
        }

        // Takes at once the steps of a race between the active programs j and k: each step goes to
        // the higher of the two, and no one else comes near (the type's documentation says why
        // these are the loop's steps). Returns the last step's winner and how many steps it took
        // (0: none; nothing changed).
        func race(_ j: Int, _ k: Int) -> (winner: Int, steps: Int) {
            guard boundsHold, j != k, active.contains(j), active.contains(k) else { return (j, 0) }
            guard free >= step, upper[j] - x[j] > open, upper[k] - x[k] > open else { return (j, 0) }
            // Pinned at the four corners of (R_j, R_k), every open program's interpolated ∂V/∂R_i:
            // between them, as R_j and R_k alone move, it is their bilinear interpolation.
            for pins in 0..<4 {
                let pinJ = Double(pins & 1)
                let pinK = Double(pins >> 1)
                guard cornerWeights(into: raceWeights + pins * cornerCount, pinning: j, at: pinJ, and: k, at: pinK)
                else { return (j, 0) }
            }
            for i in 0..<p where i == j || i == k || upper[i] - x[i] > open {
                for pins in 0..<4 { atPins[4 * i + pins] = interpolate(i, with: raceWeights + pins * cornerCount) }
            }
            func interpolated(_ i: Int, _ rj: Double, _ rk: Double) -> Double {
                (atPins[4 * i] * (1 - rj) + atPins[4 * i + 1] * rj) * (1 - rk)
                    + (atPins[4 * i + 2] * (1 - rj) + atPins[4 * i + 3] * rj) * rk
            }
            // The race may run until either racer has had `span` more: R_j and R_k then stay in a
            // box, over which each rival's value is at most its largest at the box's corners
            // (bilinear), plus its margin, times its factor (which does not move).
            let span = min(free, 256 * step)
            let jHigh = readiness(j, at: x[j] + span)
            let kHigh = readiness(k, at: x[k] + span)
            guard r[j] >= 0, r[k] >= 0, r[j] <= jHigh, r[k] <= kHigh, jHigh <= 1, kHigh <= 1 else { return (j, 0) }
            var rivals = -Double.infinity
            for i in 0..<p where i != j && i != k && upper[i] - x[i] > open {
                guard factor[i] >= 0 else { return (j, 0) }
                let high = max(
                    max(interpolated(i, r[j], r[k]), interpolated(i, jHigh, r[k])),
                    max(interpolated(i, r[j], kHigh), interpolated(i, jHigh, kHigh)))
                let value = (high + margin[i]) * factor[i]
                rivals = max(rivals, value + 1e-12 * abs(value))
            }
            var steps = 0
            var winner = j
            let limit = Int(span / step)
            while steps < limit && free >= step {
                let rj = r[j]
                let rk = r[k]
                guard rj <= jHigh, rk <= kHigh else { break }
                // Each racer's value as the loop would compute it, to within `slack`.
                let fj = (ceilings[j] - rj) / scales[j]
                let fk = (ceilings[k] - rk) / scales[k]
                let gj = interpolated(j, rj, rk) * fj
                let gk = interpolated(k, rj, rk) * fk
                let slackJ = 2 * margin[j] * abs(fj) + 1e-12 * abs(gj)
                let slackK = 2 * margin[k] * abs(fk) + 1e-12 * abs(gk)
                // A near tie, a rival close by, a racer at its maximum: the loop decides.
                guard abs(gj - gk) > slackJ + slackK else { break }
                let w = gj > gk ? j : k
                let lead = (w == j ? gj - slackJ : gk - slackK)
                guard lead > 0, lead > rivals, upper[w] - x[w] >= step, upper[j + k - w] - x[j + k - w] > open
                else { break }
                x[w] += step
                free -= step
                let next = readiness(w, at: x[w])
                moved += abs(next - r[w])
                r[w] = next
                winner = w
                steps += 1
            }
            if steps > 0 {
                lineA[j] = .infinity
                lineA[k] = .infinity
                rescale(j)
                rescale(k)
            }
            return (winner, steps)
        }

        refresh()
        // The last winner, how many steps in a row it has won, and how many it must win before
        // the next try to run ahead (doubled after each try that finds no steps to take); the
        // same for races, counted in changes of winner.
        var previous = -1
        var streak = 0
        var patience = 2
        var changes = 0
        var racePatience = 1
        while free > open && isCancelled?() != true {
            // The corners' weights at the current readiness.
            let count = active.count
            let inBox = cornerWeights(into: weights) && boundsHold
            // ∂V/∂x_i from ∂V/∂R_i interpolated at the current readiness.
            func marginal(_ i: Int) -> Double {
                var d = 0.0
                for corner in 0..<(1 << count) {
                    let w = weights[corner]
                    if w == 0 { continue }
                    d += w * corners[corner * p + i]
                }
                // Its bound from here on: the marginal ∂V/∂R_i moves by at most steepest·Δmoved
                // (plus rounding), and dR_i/dx_i stays `factor` while R_i does not move.
                let value = d * factor[i]
                let slack = GreedyMargin.roundingMargin * (abs(value) + spread[i] + 2 * slope[i] * moved)
                lineA[i] = value + spread[i] - slope[i] * moved + slack
                lineB[i] = slope[i]
                return d * (ceilings[i] - r[i]) / scales[i]
            }
            // The open program of highest bound, interpolated first.
            var first = -1
            var top = -Double.infinity
            for i in 0..<p {
                guard upper[i] - x[i] > open else { continue }
                let high = inBox ? lineA[i] + lineB[i] * moved : .infinity
                bound[i] = high
                if first < 0 || high > top {
                    first = i
                    top = high
                }
            }
            guard first >= 0 else { break }
            // Then every program whose bound reaches its value. Every program left out is certainly
            // below that value, so the choice among the interpolated ones is the choice among all:
            // the largest positive value, ties to the lowest index (as a first maximum is).
            let threshold = marginal(first)
            var best = threshold > 0 ? first : -1
            var bestValue = threshold
            for i in 0..<p where i != first && upper[i] - x[i] > open && !(bound[i] < threshold) {
                let g = marginal(i)
                if g > 0 && (best < 0 || g > bestValue || (g == bestValue && i < best)) {
                    best = i
                    bestValue = g
                }
            }
            guard best >= 0 else { break }
            let j = best
            let add = min(step, free, upper[j] - x[j])
            x[j] += add
            free -= add
            let next = readiness(j, at: x[j])
            moved += abs(next - r[j])
            r[j] = next
            lineA[j] = .infinity
            rescale(j)
            // The corners hold R_j's new value only if j is active; otherwise it joins.
            if !active.contains(j) {
                if active.count == GreedyMargin.maximumActive { active.removeFirst() }
                active.append(j)
                refresh()
            } else if j == previous {
                streak += 1
                if streak >= patience {
                    patience = runAhead(j) > 0 ? 2 : min(2 * patience, 64)
                    streak = 0
                }
            } else {
                streak = 1
                changes += 1
                if previous >= 0 && changes >= racePatience {
                    changes = 0
                    let (winner, steps) = race(j, previous)
                    racePatience = steps >= 3 ? 1 : min(2 * racePatience, 64)
                    if steps > 0 {
                        previous = winner
                        continue
                    }
                }
            }
            previous = j
        }
        return x
    }
}
