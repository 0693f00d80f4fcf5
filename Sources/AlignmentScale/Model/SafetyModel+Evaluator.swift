import Foundation

extension SafetyModel {
    /// V(x) and ∂V/∂x for many allocations with one model, without allocating per call: for hot
    /// loops such as the optimiser's, and for timing the model itself. Not thread-safe: one per thread.
    ///
    /// ```swift
    /// let evaluator = model.evaluator()
    /// for x in allocations { total += evaluator.safety(of: x, weights: problem.weights) }
    /// ```
    public final class Evaluator {
        public let model: SafetyModel
        private let workspace: Workspace
        /// Scratch: R_j, P(safe | w) and ∂V/∂R_j. Pointers made once, so the hot loops below
        /// pay no exclusivity check per access (a class's array property would).
        private let readiness: UnsafeMutablePointer<Double>
        private let worlds: UnsafeMutablePointer<Double>
        private let slopes: UnsafeMutablePointer<Double>
        private let programCount: Int
        private let worldCount: Int
        /// Each program's ceiling c, c − b (b its baseline) and scale s, read once: R_j(x) =
        /// c − (c − b)·exp(−x/s), the same operations as ``Program/readiness(at:)``, without
        /// copying a program (and its strings) per call.
        private let ceilings: UnsafeMutablePointer<Double>
        private let spans: UnsafeMutablePointer<Double>
        private let scales: UnsafeMutablePointer<Double>

        init(_ model: SafetyModel) {
            self.model = model
            workspace = Workspace(model)
            programCount = model.programCount
            worldCount = model.worldCount
            let p = max(programCount, 1)
            readiness = .allocate(capacity: p)
            readiness.initialize(repeating: 0, count: p)
            slopes = .allocate(capacity: p)
            slopes.initialize(repeating: 0, count: p)
            worlds = .allocate(capacity: max(worldCount, 1))
            worlds.initialize(repeating: 0, count: max(worldCount, 1))
            ceilings = .allocate(capacity: p)
            spans = .allocate(capacity: p)
            scales = .allocate(capacity: p)
            for (j, program) in model.programs.enumerated() {
                ceilings[j] = program.ceiling
                spans[j] = program.ceiling - program.baseline
                scales[j] = program.scale
            }
        }

        deinit {
            for pointer in [readiness, slopes, worlds, ceilings, spans, scales] { pointer.deallocate() }
        }

        private func setReadiness(_ x: [Double]) {
            x.withUnsafeBufferPointer { x in
                for j in 0..<x.count {
                    readiness[j] = Program.readiness(at: x[j], ceiling: ceilings[j], span: spans[j], scale: scales[j])
                }
            }
        }

        /// Σ_w weights_w·P(safe | w) over the worlds already in `worlds`.
        @inline(__always)
        private func weightedWorlds(_ weights: [Double]) -> Double {
            var total = 0.0
            weights.withUnsafeBufferPointer { weights in
                for w in 0..<worldCount { total += weights[w] * worlds[w] }
            }
            return total
        }

        /// The reverse pass at the current readiness: ∂V/∂R_j into `slopes` (and, given `worlds`,
        /// every world's P(safe | w) there).
        @inline(__always)
        private func reversePass(_ weights: [Double], worlds: UnsafeMutablePointer<Double>? = nil) {
            weights.withUnsafeBufferPointer { w in
                _ = workspace.safetyAndGradient(readiness: readiness, weights: w.baseAddress!, gradient: slopes, worlds: worlds)
            }
        }

        /// ∂V/∂x_j = ∂V/∂R_j · (c_j − R_j) / s_j from `slopes`, into `gradient[0..<count]`.
        @inline(__always)
        private func writeGradient(count: Int, into gradient: inout [Double]) {
            gradient.withUnsafeMutableBufferPointer { gradient in
                for j in 0..<count { gradient[j] = slopes[j] * (ceilings[j] - readiness[j]) / scales[j] }
            }
        }

        /// V(x) = Σ_w weights_w·P(safe | w, x).
        public func safety(of x: [Double], weights: [Double]) -> Double {
            setReadiness(x)
            workspace.worldSafety(readiness: readiness, into: worlds)
            return weightedWorlds(weights)
        }

        /// ∂V/∂x by the reverse pass (``SafetyModel/safetyAndGradient(at:weights:)``).
        public func gradient(at x: [Double], weights: [Double]) -> [Double] {
            var gradient = [Double](repeating: 0, count: x.count)
            self.gradient(at: x, weights: weights, into: &gradient)
            return gradient
        }

        /// ∂V/∂x into `gradient` (of `x.count` values), without allocating: the optimiser's inner loop.
        public func gradient(at x: [Double], weights: [Double], into gradient: inout [Double]) {
            setReadiness(x)
            reversePass(weights)
            writeGradient(count: x.count, into: &gradient)
        }

        /// V(x) and ∂V/∂x (into `gradient`) together, each to the last bit what
        /// ``safety(of:weights:)`` and ``gradient(at:weights:into:)`` give: one reverse pass that
        /// also forms every world's P(safe | w) in the evaluation's order, in place of two passes.
        /// (A model with structure switches still takes the two.)
        public func safety(of x: [Double], weights: [Double], gradientInto gradient: inout [Double]) -> Double {
            if workspace.general {
                let value = safety(of: x, weights: weights)
                self.gradient(at: x, weights: weights, into: &gradient)
                return value
            }
            setReadiness(x)
            reversePass(weights, worlds: worlds)
            writeGradient(count: x.count, into: &gradient)
            return weightedWorlds(weights)
        }

        /// ∂V/∂R_j for every program at own readiness `r` (not allocations), into `gradient`.
        public func readinessGradient(_ r: [Double], weights: [Double], into gradient: inout [Double]) {
            r.withUnsafeBufferPointer { rb in
                weights.withUnsafeBufferPointer { w in
                    gradient.withUnsafeMutableBufferPointer {
                        _ = workspace.safetyAndGradient(
                            readiness: rb.baseAddress!, weights: w.baseAddress!, gradient: $0.baseAddress!)
                    }
                }
            }
        }

    }

    /// A reusable evaluator of this model for hot loops.
    public func evaluator() -> Evaluator { Evaluator(self) }
}
