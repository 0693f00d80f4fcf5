import AlignmentScale
import Testing

@Suite("Converting computed numbers to indices")
struct IntClampingTests {
    /// What used to trap (a year 10²⁰ away divided into quarter-year steps) is clamped instead.
    @Test func neverTraps() {
        #expect(Int(clamping: 1e20 / 0.25, to: 0...120) == 120)
        #expect(Int(clamping: -1e300, to: 0...120) == 0)
        #expect(Int(clamping: .infinity, to: 0...120) == 120)
        #expect(Int(clamping: -.infinity, to: -5...5) == -5)
        #expect(Int(clamping: .nan, to: 3...9) == 3)
        #expect(Int(clamping: 7.9, to: 0...120) == 7)
        #expect(Int(clamping: -0.5, to: -3...3) == 0)
        #expect(Int(clamping: 1e19, to: 0...Int.max) == Int.max)
        #expect(Int(clamping: Double(Int.max), to: Int.min...Int.max) == Int.max)
    }
}
