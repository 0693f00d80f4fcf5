extension Int {
    /// `value` rounded towards zero and clamped to `range`, computed in floating point first so that
    /// no value traps: NaN gives the lower bound, ±infinity and huge values the nearer bound.
    ///
    /// `Int(_:)` of a `Double` traps when the value is NaN or outside `Int`'s range, which for a
    /// computed index (a bin, a step) would crash the whole process, a server included.
    ///
    /// ```swift
    /// Int(clamping: 1e20 / 0.25, to: 0...120)   // 120
    /// Int(clamping: .nan, to: 0...120)          // 0
    /// ```
    @inlinable
    public init(clamping value: Double, to range: ClosedRange<Int>) {
        guard value == value else {
            self = range.lowerBound
            return
        }
        let clamped = Swift.min(Swift.max(value, Double(range.lowerBound)), Double(range.upperBound))
        // Double(Int.max) rounds up to 2^63, which does not fit: stay strictly below it.
        self =
            clamped >= 9.2e18
            ? range.upperBound
            : clamped <= -9.2e18 ? range.lowerBound : Swift.min(Swift.max(Int(clamped), range.lowerBound), range.upperBound)
    }
}
