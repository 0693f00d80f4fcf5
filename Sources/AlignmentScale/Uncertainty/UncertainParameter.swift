import Foundation

/// A numeric field of a program that may be uncertain.
public enum ProgramField: String, Sendable, CaseIterable {
    case baseline, ceiling, scale, backfire, evidence
    case misuseReduction = "misuse_reduction"
}

/// Which number of a scenario an uncertain parameter stands for.
public enum ParameterTarget: Sendable, Equatable {
    case stopBaseline
    case misuseBaseline
    /// A field of the program at this index.
    case program(Int, ProgramField)
    /// q₀(k) of a stop baseline given by level: the element at this index (level − 1).
    case stopBaselineAtLevel(Int)
    /// m₀(k) of a misuse baseline given by level.
    case misuseBaselineAtLevel(Int)
    /// One element (level − 1) of a program's `backfire` or `evidence` given by level.
    case programAtLevel(Int, ProgramField, Int)

    /// Writes `value` into the number this target names, in a scenario's parts.
    func apply(
        _ value: Double, programs: inout [Program], stopBaseline: inout Double, misuseBaseline: inout Double,
        structure: inout Structure
    ) {
        switch self {
        case .stopBaseline: stopBaseline = value
        case .misuseBaseline: misuseBaseline = value
        case let .program(j, field): programs[j][field] = value
        case let .stopBaselineAtLevel(k): structure.stopBaselineByLevel?[k] = value
        case let .misuseBaselineAtLevel(k): structure.misuseBaselineByLevel?[k] = value
        case let .programAtLevel(j, field, k):
            if field == .backfire { programs[j].backfireByLevel?[k] = value } else { programs[j].evidenceByLevel?[k] = value }
        }
    }

    /// The values the field can take, for checking a distribution's support.
    var domain: Domain {
        switch self {
        case .stopBaseline, .misuseBaseline, .stopBaselineAtLevel, .misuseBaselineAtLevel, .programAtLevel:
            return .probability
        case .program(_, let field):
            switch field {
            case .baseline: return .probabilityBelowOne
            case .scale: return .positive
            case .ceiling, .backfire, .evidence, .misuseReduction: return .probability
            }
        }
    }
}

/// The values a numeric field accepts.
enum Domain {
    /// [0, 1].
    case probability
    /// [0, 1): a readiness that is not already certain.
    case probabilityBelowOne
    /// (0, ∞).
    case positive
}

/// One parameter of a scenario that is a distribution rather than a number (<doc:UncertainParameters>).
public struct UncertainParameter: Sendable, Equatable {
    /// The stable name used in correlations, exports and reports: `programs.rlhf.baseline`,
    /// `stop_baseline`.
    public var name: String
    /// Where the distribution was written, such as `programs[0].baseline`, for error messages.
    public var fieldPath: FieldPath
    public var target: ParameterTarget
    public var distribution: Distribution

    public init(name: String, fieldPath: FieldPath, target: ParameterTarget, distribution: Distribution) {
        self.name = name
        self.fieldPath = fieldPath
        self.target = target
        self.distribution = distribution
    }
}

/// A rank (Spearman) correlation between two uncertain parameters, named as in
/// ``UncertainParameter/name``.
public struct RankCorrelation: Sendable, Equatable {
    public var first: String
    public var second: String
    /// ρ ∈ [−1, 1].
    public var rank: Double
    /// Where it was written, such as `correlations[0]`.
    public var fieldPath: FieldPath

    public init(first: String, second: String, rank: Double, fieldPath: FieldPath) {
        self.first = first
        self.second = second
        self.rank = rank
        self.fieldPath = fieldPath
    }
}

/// Everything uncertain about a scenario: its uncertain parameters and their rank correlations.
/// Dirichlet beliefs are ``Scenario/beliefConcentration``.
public struct Uncertainty: Sendable, Equatable {
    public var parameters: [UncertainParameter]
    public var correlations: [RankCorrelation]

    public init(parameters: [UncertainParameter] = [], correlations: [RankCorrelation] = []) {
        self.parameters = parameters
        self.correlations = correlations
    }

    public static let none = Uncertainty()
}
