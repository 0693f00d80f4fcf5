import Foundation

/// Counts of V ∈ [0, 1] in 2¹⁶ equal bins: percentiles to within one bin (1.5e-5, a thousandth of
/// a percentage point) in memory that does not grow with the number of samples. Counts add, so
/// per-thread histograms merge to the same result in any order.
struct SafetyHistogram {
    static let bins = 1 << 16
    var counts: [UInt32]
    var total = 0

    init() { counts = [UInt32](repeating: 0, count: SafetyHistogram.bins) }

    @inline(__always)
    mutating func add(_ v: Double) {
        let bin = Int(clamping: v * Double(SafetyHistogram.bins), to: 0...(SafetyHistogram.bins - 1))
        counts[bin] &+= 1
        total += 1
    }

    mutating func merge(_ other: SafetyHistogram) {
        for i in 0..<SafetyHistogram.bins { counts[i] &+= other.counts[i] }
        total += other.total
    }

    /// The value below which a fraction `q` of the samples lie, interpolating linearly inside the
    /// bin that holds it, clamped to the observed range.
    func quantile(_ q: Double, minimum: Double, maximum: Double) -> Double {
        let target = q * Double(total)
        var cumulative = 0.0
        let width = 1 / Double(SafetyHistogram.bins)
        for bin in 0..<SafetyHistogram.bins where counts[bin] > 0 {
            let count = Double(counts[bin])
            if cumulative + count >= target {
                let value = (Double(bin) + (target - cumulative) / count) * width
                return min(max(value, minimum), maximum)
            }
            cumulative += count
        }
        return maximum
    }

    /// `count` equal-width bars between `minimum` and `maximum`, each the samples whose fine bin
    /// starts inside it.
    func coarse(_ count: Int, minimum: Double, maximum: Double) -> [HistogramBar] {
        let span = max(maximum - minimum, 1e-12)
        var bars = (0..<count).map {
            HistogramBar(
                lower: minimum + span * Double($0) / Double(count), upper: minimum + span * Double($0 + 1) / Double(count),
                count: 0)
        }
        for bin in 0..<SafetyHistogram.bins where counts[bin] > 0 {
            let centre = (Double(bin) + 0.5) / Double(SafetyHistogram.bins)
            let index = Int(clamping: (centre - minimum) / span * Double(count), to: 0...(count - 1))
            bars[index].count += Int(counts[bin])
        }
        return bars
    }
}

/// One bar of a histogram of sampled safety.
public struct HistogramBar: Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    public var count: Int
}
