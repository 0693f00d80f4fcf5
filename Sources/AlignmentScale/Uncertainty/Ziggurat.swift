import Foundation

/// The ziggurat method for standard normal variates: G. Marsaglia and W. W. Tsang, "The ziggurat
/// method for generating random variables", J. Stat. Softw. 5(8) (2000), with 256 layers of equal
/// area V under f(x) = exp(−x²/2), base strip to R.
///
/// About 99% of draws cost one 64-bit random number, a table lookup and a multiplication; the rest
/// take the wedge test or the exact tail method (Marsaglia 1964). The result is an exact normal
/// variate, which the tests check against Φ.
enum Ziggurat {
    static let layers = 256
    static let r = 3.6541528853610088
    static let area = 0.00492867323399

    /// x[0] = V/f(R) (the base strip's pseudo-width), x[1] = R, x[i+1] from equal areas, x[256] = 0;
    /// then f(x[i]) for every edge. Kept in raw memory so the hot path does no reference counting;
    /// written once at first use and only read after.
    nonisolated(unsafe) static let table: UnsafeMutablePointer<Double> = {
        func f(_ x: Double) -> Double { exp(-0.5 * x * x) }
        let table = UnsafeMutablePointer<Double>.allocate(capacity: 2 * (layers + 1))
        table[0] = area / f(r)
        table[1] = r
        for i in 1..<(layers - 1) {
            table[i + 1] = (-2 * log(area / table[i] + f(table[i]))).squareRoot()
        }
        table[layers] = 0
        for i in 0...layers { table[layers + 1 + i] = f(table[i]) }
        return table
    }()

    /// One standard normal variate from `generator`.
    @inline(__always)
    static func normal(_ generator: inout SeededGenerator, table: UnsafePointer<Double>) -> Double {
        let x = table
        let f = table + layers + 1
        while true {
            let bits = generator.next()
            let i = Int(bits & 0xFF)
            // 53 bits after the 8 used for the layer, as a signed uniform in (−1, 1).
            let u = (Double(bits >> 11) * 0x1.0p-52) - 1
            let z = u * x[i]
            if abs(z) < x[i + 1] { return z }
            if i == 0 {
                // The tail beyond R.
                var a: Double
                var b: Double
                repeat {
                    a = -log((Double(generator.next() >> 11) + 0.5) * 0x1.0p-53) / r
                    b = -log((Double(generator.next() >> 11) + 0.5) * 0x1.0p-53)
                } while 2 * b < a * a
                return u < 0 ? -(r + a) : r + a
            }
            let y = f[i] + (Double(generator.next() >> 11) * 0x1.0p-53) * (f[i + 1] - f[i])
            if y < exp(-0.5 * z * z) { return z }
        }
    }
}
