import Foundation

/// Scenario discovery by PRIM's peeling (Friedman and Fisher 1999), without pasting: the box of
/// simple bounds on the drawn quantities inside which an event is most concentrated.
///
/// Start from the box holding every draw. At each step, for every feature, consider removing the
/// draws still in the box whose value is below q_α, or above q_{1−α}, of that feature among them
/// (quantiles by linear interpolation between order statistics, α = 0.05); skip a removal that
/// removes nothing or that would leave fewer than `minimumMass` of all draws; take the one that
/// leaves the highest fraction of event draws (ties: the first feature, lower side first); stop
/// when none can be taken.
///
/// Readings: when the event happens in none of the draws, or in all of them, there is nothing to
/// find and the trajectory is the first box alone; the densest box, when none reaches the
/// threshold, is the first of the densest.
public struct ScenarioDiscovery: Sendable, Equatable {
    /// One box along the trajectory.
    public struct Box: Sendable, Equatable {
        /// Event draws in the box / all event draws (0 when the event never happens).
        public let coverage: Double
        /// Event draws in the box / draws in the box.
        public let density: Double
        /// Draws in the box / all draws.
        public let mass: Double
    }

    /// A restricted feature of the chosen box; a side that was never peeled is `nil`.
    public struct Bound: Sendable, Equatable {
        public let feature: String
        public let low: Double?
        public let high: Double?
    }

    public static let alpha = 0.05
    public static let minimumMass = 0.05

    public let features: [String]
    /// Each box along the trajectory; the first holds every draw.
    public let trajectory: [Box]
    /// The chosen box's index in ``trajectory``.
    public let chosen: Int
    /// The chosen box's restricted features, in feature order.
    public let bounds: [Bound]
    /// How many draws the event happened in.
    public let eventCount: Int

    public var box: Box { trajectory[chosen] }

    /// - Parameters:
    ///   - values: per feature, its value in each draw (every list as long as `events`).
    ///   - features: the features' names.
    ///   - events: whether the event happened in each draw.
    ///   - threshold: the chosen box is the first whose density reaches it, or the densest.
    public init(values: [[Double]], features: [String], events: [Bool], threshold: Double) {
        precondition(values.count == features.count && values.allSatisfy { $0.count == events.count })
        self.features = features
        let n = events.count
        let total = events.filter { $0 }.count
        eventCount = total
        func box(_ members: [Int]) -> Box {
            let hits = members.filter { events[$0] }.count
            return Box(
                coverage: total > 0 ? Double(hits) / Double(total) : 0,
                density: members.isEmpty ? 0 : Double(hits) / Double(members.count),
                mass: n > 0 ? Double(members.count) / Double(n) : 0)
        }
        // Each removal taken: the feature, the side and the quantile applied.
        var steps: [(feature: Int, upper: Bool, limit: Double)] = []
        var members = Array(0..<n)
        var trajectory = [box(members)]
        let smallest = Double(n) * ScenarioDiscovery.minimumMass
        while total > 0 && total < n {
            var best: (density: Double, feature: Int, upper: Bool, limit: Double, kept: [Int])?
            for f in features.indices {
                let sorted = members.map { values[f][$0] }.sorted()
                let qLow = Quantile.linear(sorted, ScenarioDiscovery.alpha)
                let qHigh = Quantile.linear(sorted, 1 - ScenarioDiscovery.alpha)
                for upper in [false, true] {
                    let kept = members.filter { upper ? values[f][$0] <= qHigh : values[f][$0] >= qLow }
                    if kept.count == members.count || Double(kept.count) < smallest { continue }
                    let density = Double(kept.filter { events[$0] }.count) / Double(kept.count)
                    if best == nil || density > best!.density { best = (density, f, upper, upper ? qHigh : qLow, kept) }
                }
            }
            guard let step = best else { break }
            members = step.kept
            steps.append((step.feature, step.upper, step.limit))
            trajectory.append(box(members))
        }
        self.trajectory = trajectory
        var densest = 0
        for i in trajectory.indices where trajectory[i].density > trajectory[densest].density { densest = i }
        chosen = trajectory.firstIndex { $0.density >= threshold } ?? densest
        // The chosen box's bounds: the last quantile applied on each side up to it.
        var low = [Double?](repeating: nil, count: features.count)
        var high = [Double?](repeating: nil, count: features.count)
        for step in steps.prefix(chosen) {
            if step.upper { high[step.feature] = step.limit } else { low[step.feature] = step.limit }
        }
        bounds = features.indices.filter { low[$0] != nil || high[$0] != nil }.map {
            Bound(feature: features[$0], low: low[$0], high: high[$0])
        }
    }
}
