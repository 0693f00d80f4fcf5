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
        private var readiness: [Double]
        private var worlds: [Double]
        private var slopes: [Double]

        init(_ model: SafetyModel) {
            self.model = model
            workspace = Workspace(model)
            readiness = [Double](repeating: 0, count: model.programCount)
            worlds = [Double](repeating: 0, count: model.worldCount)
            slopes = readiness
        }

        private func setReadiness(_ x: [Double]) {
            let programs = model.programs
            for j in 0..<x.count { readiness[j] = programs[j].readiness(at: x[j]) }
        }

        /// V(x) = Σ_w weights_w·P(safe | w, x).
        public func safety(of x: [Double], weights: [Double]) -> Double {
            setReadiness(x)
            readiness.withUnsafeBufferPointer { r in
                worlds.withUnsafeMutableBufferPointer { workspace.worldSafety(readiness: r.baseAddress!, into: $0.baseAddress!) }
            }
            var total = 0.0
            for w in 0..<worlds.count { total += weights[w] * worlds[w] }
            return total
        }

        /// ∂V/∂x by the reverse pass (``SafetyModel/safetyAndGradient(at:weights:)``).
        public func gradient(at x: [Double], weights: [Double]) -> [Double] {
            setReadiness(x)
            let programs = model.programs
            readiness.withUnsafeBufferPointer { r in
                weights.withUnsafeBufferPointer { w in
                    slopes.withUnsafeMutableBufferPointer {
                        _ = workspace.safetyAndGradient(
                            readiness: r.baseAddress!, weights: w.baseAddress!, gradient: $0.baseAddress!)
                    }
                }
            }
            return (0..<x.count).map { j in slopes[j] * (programs[j].ceiling - readiness[j]) / programs[j].scale }
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
