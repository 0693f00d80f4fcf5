/// A scenario's top-level fields, by the names its files and error paths give them, with the
/// default of each field a file may leave out. Declared once: the checks here name a field by it,
/// and the file reader, the writer and the schema take their keys and defaults from it.
public enum ScenarioField: String, CaseIterable, Sendable {
    case version, name, scale, beliefs, normalize
    case beliefConcentration = "belief_concentration"
    case budget
    case stopBaseline = "stop_baseline"
    case misuseBaseline = "misuse_baseline"
    case stopCost = "stop_cost"
    case falseAlarmBaseline = "false_alarm_baseline"
    case frontier, programs, allocation, correlations, timeline, orderings, evidence, experiments

    /// The level a scenario's state of the art has reached when its file does not say.
    public static let defaultFrontier: Double = 3

    /// The field as an error path.
    public var path: FieldPath { FieldPath(key: rawValue) }

    /// The number a scenario gets when its file leaves this field out; `nil` for a field that is
    /// not a number with a default.
    public var defaultNumber: Double? {
        switch self {
        case .stopBaseline, .misuseBaseline, .stopCost, .falseAlarmBaseline: 0
        case .frontier: Self.defaultFrontier
        default: nil
        }
    }
}

extension ProgramField {
    /// The value a program gets when its file leaves this field out; `nil` for a required field.
    public var defaultNumber: Double? {
        switch self {
        case .baseline, .scale: nil
        case .ceiling: 1
        case .backfire, .evidence, .misuseReduction: 0
        }
    }
}
