import Foundation

/// Rank correlations between uncertain parameters through a Gaussian copula (<doc:UncertainParameters>).
///
/// The correlated parameters get jointly normal scores Z = L·ε with ε independent standard normals
/// and L the Cholesky factor of the matrix r_ij = 2·sin(π·ρ_ij/6); each parameter is then its
/// distribution's quantile at Φ(Z_i). For a Gaussian pair Spearman's ρ = (6/π)·arcsin(r/2)
/// exactly, and the quantile maps are increasing, so the parameters' rank correlation is ρ
/// exactly (up to sampling error) whatever their marginal distributions.
struct GaussianCopula: Sendable {
    /// Indices (into the scenario's uncertain parameters) of those in at least one correlation, ascending.
    let members: [Int]
    /// Lower-triangular L with L·Lᵀ = r over `members`; `nil` when r is not positive semi-definite.
    let factor: [[Double]]?
    /// Whether the matrix of ρ as written is positive semi-definite.
    let rankMatrixIsValid: Bool

    init(correlations: [RankCorrelation], parameters names: [String]) {
        let indexOf = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        members = Set(correlations.flatMap { [indexOf[$0.first]!, indexOf[$0.second]!] }).sorted()
        let position = Dictionary(uniqueKeysWithValues: members.enumerated().map { ($1, $0) })
        let m = members.count
        var rank = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
        for i in 0..<m { rank[i][i] = 1 }
        for c in correlations {
            let i = position[indexOf[c.first]!]!
            let j = position[indexOf[c.second]!]!
            rank[i][j] = c.rank
            rank[j][i] = c.rank
        }
        rankMatrixIsValid = GaussianCopula.cholesky(rank) != nil
        let normal = rank.map { row in row.map { 2 * sin(Double.pi * $0 / 6) } }
        factor = GaussianCopula.cholesky(normal)
    }

    /// The Cholesky factor of a symmetric positive semi-definite matrix, or `nil` if it is not
    /// (tolerance 1e-10); a zero pivot (a perfectly correlated pair) gives a zero column.
    static func cholesky(_ a: [[Double]]) -> [[Double]]? {
        let n = a.count
        var l = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            var d = a[i][i]
            for k in 0..<i { d -= l[i][k] * l[i][k] }
            if d < -1e-10 { return nil }
            l[i][i] = max(d, 0).squareRoot()
            for j in (i + 1)..<max(n, i + 1) {
                var s = a[j][i]
                for k in 0..<i { s -= l[j][k] * l[i][k] }
                if l[i][i] > 1e-12 {
                    l[j][i] = s / l[i][i]
                } else if abs(s) > 1e-10 {
                    return nil
                }
            }
        }
        return l
    }
}
