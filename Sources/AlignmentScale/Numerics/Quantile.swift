/// Quantiles of a sample: one definition for every summary the tool prints.
public enum Quantile {
    /// The q-quantile of `sorted` (ascending) by linear interpolation between order statistics:
    /// at position h = q·(n − 1), x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]) (NumPy's default, type 7 of
    /// Hyndman and Fan). The median of an even count is the mean of the two middle values. NaN when
    /// empty.
    public static func linear(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = q * Double(sorted.count - 1)
        let i = Int(h.rounded(.down))
        guard i + 1 < sorted.count else { return sorted[sorted.count - 1] }
        return sorted[i] + (h - Double(i)) * (sorted[i + 1] - sorted[i])
    }
}
