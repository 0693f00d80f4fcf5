/// How hard a level is, in four coarse bands (<doc:TheScale>).
///
/// Bands are ordered: a scale's bands never get easier as its levels rise.
public enum Band: String, Sendable, CaseIterable, Comparable, Codable {
    /// Easy: misuse, recklessness and institutional failure dominate the risk.
    case green
    /// Intermediate: behavioural training is not enough, stronger oversight is.
    case orange
    /// Intermediate and harder: oversight needs insight into the system or dangerous experiments.
    case red
    /// Probably impossible in practice with the time we have.
    case black

    /// Position in the order green < orange < red < black.
    public var rank: Int { Band.allCases.firstIndex(of: self)! }

    public static func < (lhs: Band, rhs: Band) -> Bool { lhs.rank < rhs.rank }
}
