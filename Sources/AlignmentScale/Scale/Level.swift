/// One level of the alignment-difficulty scale (<doc:TheScale>).
///
/// Level *k* is the true difficulty when the technique family of level *k* is the least one that
/// suffices: every family at *k* or above works, none below it does.
public struct Level: Sendable, Equatable {
    /// The level's number, 1 for the easiest.
    public var number: Int
    /// A short name, such as "Scalable oversight".
    public var name: String
    /// The technique family that suffices when this level is the true one.
    public var technique: String
    public var band: Band
    /// Two or three sentences on what the world looks like if this level is the true one.
    public var summary: String
    /// The main sources of risk in such a world.
    public var risks: [String]
    /// Whether no technique suffices at this level. Only the top level of a scale may be impossible.
    public var impossible: Bool

    public init(
        number: Int, name: String, technique: String, band: Band, summary: String,
        risks: [String], impossible: Bool = false
    ) {
        self.number = number
        self.name = name
        self.technique = technique
        self.band = band
        self.summary = summary
        self.risks = risks
        self.impossible = impossible
    }
}

/// A named threshold between two adjacent levels, drawn after level `after`.
public struct Threshold: Sendable, Equatable {
    /// The level below the threshold; the threshold lies between `after` and `after + 1`.
    public var after: Int
    public var name: String
    /// What crossing it means, in a sentence.
    public var meaning: String

    public init(after: Int, name: String, meaning: String = "") {
        self.after = after
        self.name = name
        self.meaning = meaning
    }
}

/// A way alignment can fail, and which levels' techniques cover it.
///
/// A technique covers every failure mode at or below its level, so coverage is monotone: a mode
/// first addressed at level *a* is covered by every level ≥ *a*. `coveredBy` lists the covering
/// levels explicitly so that a custom scale can state (and be checked for) its coverage.
public struct FailureMode: Sendable, Equatable {
    public var name: String
    /// The least level whose technique addresses this mode; `nil` when no alignment technique does
    /// (misuse, which governance addresses, and impossibility).
    public var firstAddressedAt: Int?
    /// The levels whose techniques cover this mode, ascending.
    public var coveredBy: [Int]

    public init(name: String, firstAddressedAt: Int?, coveredBy: [Int]) {
        self.name = name
        self.firstAddressedAt = firstAddressedAt
        self.coveredBy = coveredBy
    }

    /// A mode with monotone coverage of a scale with `levelCount` levels.
    public init(name: String, firstAddressedAt: Int?, levelCount: Int) {
        self.init(
            name: name, firstAddressedAt: firstAddressedAt,
            coveredBy: firstAddressedAt.map { Array($0...max($0, levelCount)) } ?? [])
    }
}
