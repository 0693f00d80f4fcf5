import Foundation

/// What kind of work a program is. Descriptive only: the mathematics uses the numeric fields
/// (<doc:TheModel>), except that only techniques have a level.
public enum ProgramKind: String, Sendable, CaseIterable {
    case technique, governance, coordination, evidence
}

/// Something resources can be put into: a technique at a level of the scale, or governance,
/// coordination or evidence-gathering work (<doc:TheModel>).
public struct Program: Sendable, Equatable {
    /// A unique slug such as `scalable-oversight`.
    public var id: String
    public var name: String
    public var kind: ProgramKind
    /// For techniques, the level ℓ whose technique family this program delivers; `nil` otherwise.
    public var level: Int?
    /// b ∈ [0, 1): the chance it is ready by the deadline with none of our resources (the present margin).
    public var baseline: Double
    /// c̄ ∈ (b, 1]: the most readiness any amount of resources can buy.
    public var ceiling: Double
    /// s > 0: resources that cut the remaining gap to the ceiling by a factor e.
    public var scale: Double
    /// h ∈ [0, 1]: when usable but not sufficient, the chance it makes an unaligned system look safe.
    public var backfire: Double
    /// e ∈ [0, 1]: when usable but not sufficient, the chance it independently triggers a stop.
    public var evidence: Double
    /// u ∈ [0, 1]: when usable, the fraction of misuse and structural risk it removes.
    public var misuseReduction: Double
    /// h(k) for k = 1..N in place of ``backfire`` when the chance of false reassurance depends on
    /// the true level (<doc:Assumptions>); `nil`: the same at every level.
    public var backfireByLevel: [Double]?
    /// e(k) for k = 1..N in place of ``evidence`` (such as evidence only up to the level where
    /// experiments stop being informative); `nil`: the same at every level.
    public var evidenceByLevel: [Double]?
    /// a ∈ [0, 1]: when usable, the chance it stops a world whose system would have been aligned
    /// (a pause called on a false alarm). Only matters with stop costs or a misuse baseline.
    public var falseAlarm: Double = 0
    /// Ids of programs that must also be ready for this one to be usable.
    public var requires: [String]
    /// Lower bound on the allocation (the status quo spends exactly this).
    public var minimum: Double
    /// Upper bound on the allocation; `nil` means the budget.
    public var maximum: Double?

    public init(
        id: String, name: String? = nil, kind: ProgramKind = .technique, level: Int? = nil,
        baseline: Double, ceiling: Double = 1, scale: Double, backfire: Double = 0,
        evidence: Double = 0, misuseReduction: Double = 0, requires: [String] = [],
        minimum: Double = 0, maximum: Double? = nil
    ) {
        self.id = id
        self.name = name ?? id
        self.kind = kind
        self.level = level
        self.baseline = baseline
        self.ceiling = ceiling
        self.scale = scale
        self.backfire = backfire
        self.evidence = evidence
        self.misuseReduction = misuseReduction
        self.requires = requires
        self.minimum = minimum
        self.maximum = maximum
    }

    /// Own readiness for an allocation x ≥ 0 (<doc:TheModel>):
    /// R(x) = c̄ − (c̄ − b)·exp(−x / s).
    ///
    /// R(0) = b, R rises to c̄ as x grows, and dR/dx = (c̄ − R)/s.
    public func readiness(at allocation: Double) -> Double {
        Program.readiness(at: allocation, ceiling: ceiling, span: ceiling - baseline, scale: scale)
    }

    /// R(x) = c̄ − span·exp(−x / s) with span = c̄ − b: the one formula every readiness is computed
    /// by, so that the hot loops (the evaluators, greedy-margin), which keep the numbers in their
    /// own buffers, get the same value to the last bit as ``readiness(at:)``.
    @inline(__always)
    static func readiness(at allocation: Double, ceiling: Double, span: Double, scale: Double) -> Double {
        ceiling - span * exp(-allocation / scale)
    }

    /// h(k): the backfire chance in worlds of true level `level` (1-based).
    public func backfire(atLevel level: Int) -> Double { backfireByLevel?[level - 1] ?? backfire }

    /// e(k): the evidence chance in worlds of true level `level` (1-based).
    public func evidence(atLevel level: Int) -> Double { evidenceByLevel?[level - 1] ?? evidence }

    /// Whether any of its values depends on the level or it can raise false alarms.
    public var hasStructure: Bool { backfireByLevel != nil || evidenceByLevel != nil || falseAlarm != 0 }

    /// One of the numeric fields that may be uncertain (<doc:UncertainParameters>).
    public subscript(field: ProgramField) -> Double {
        get {
            switch field {
            case .baseline: baseline
            case .ceiling: ceiling
            case .scale: scale
            case .backfire: backfire
            case .evidence: evidence
            case .misuseReduction: misuseReduction
            }
        }
        set {
            switch field {
            case .baseline: baseline = newValue
            case .ceiling: ceiling = newValue
            case .scale: scale = newValue
            case .backfire: backfire = newValue
            case .evidence: evidence = newValue
            case .misuseReduction: misuseReduction = newValue
            }
        }
    }
}
