/// The structural switches of the event model (<doc:Assumptions>): values that depend on the true
/// level, and stops that cost. Each defaults to the plain model, under which every result is what
/// it was without the switch.
///
/// - `stopBaselineByLevel`, `misuseBaselineByLevel`: q₀(k) and m₀(k), one per level of the scale,
///   in place of the scenario's single `stop_baseline` and `misuse_baseline`.
/// - `stopCost` c ∈ [0, 1]: the value of a world that stopped, against 1 for a good outcome and 0
///   for a catastrophe. With c > 0 the objective is the expected value U rather than safety.
/// - `falseAlarmBaseline` a₀ ∈ [0, 1]: in a world whose deployed system would be aligned, the chance
///   the world stops anyway. Programs add their own `false_alarm` (``Program/falseAlarm``).
///
/// Per-program values by level live on ``Program`` (``Program/backfireByLevel``,
/// ``Program/evidenceByLevel``).
public struct Structure: Sendable, Equatable {
    /// q₀(k) for k = 1..N, or `nil` for the scenario's single stop baseline.
    public var stopBaselineByLevel: [Double]?
    /// m₀(k) for k = 1..N, or `nil` for the scenario's single misuse baseline.
    public var misuseBaselineByLevel: [Double]?
    /// c: the value of a stopped world (0: stops are free).
    public var stopCost: Double
    /// a₀: the chance a world with an aligned system stops anyway.
    public var falseAlarmBaseline: Double

    public init(
        stopBaselineByLevel: [Double]? = nil, misuseBaselineByLevel: [Double]? = nil, stopCost: Double = 0,
        falseAlarmBaseline: Double = 0
    ) {
        self.stopBaselineByLevel = stopBaselineByLevel
        self.misuseBaselineByLevel = misuseBaselineByLevel
        self.stopCost = stopCost
        self.falseAlarmBaseline = falseAlarmBaseline
    }

    /// Whether stops cost something, so that every optimisation and marginal value uses the
    /// expected value U instead of safety.
    public var hasStopCost: Bool { stopCost > 0 }

    /// Whether every switch is at its default.
    public var isPlain: Bool {
        stopBaselineByLevel == nil && misuseBaselineByLevel == nil && stopCost == 0 && falseAlarmBaseline == 0
    }

    /// Checks lengths (one value per level) and domains, naming the field.
    /// - Throws: ``InputError`` at the first offending field.
    func validate(levelCount n: Int) throws {
        try Check.byLevel(stopBaselineByLevel, levelCount: n, path: ScenarioField.stopBaseline.path)
        try Check.byLevel(misuseBaselineByLevel, levelCount: n, path: ScenarioField.misuseBaseline.path)
        try Check.probability(stopCost, path: ScenarioField.stopCost.path)
        try Check.probability(falseAlarmBaseline, path: ScenarioField.falseAlarmBaseline.path)
    }
}

extension Check {
    /// A list of probabilities, one per level of the scale, when given.
    static func byLevel(_ values: [Double]?, levelCount n: Int, path: FieldPath) throws {
        guard let values else { return }
        guard values.count == n else {
            throw InputError(
                path: path, expected: "one value per level of the scale (\(n)), or a single value",
                found: "\(values.count) \(values.count == 1 ? "value" : "values")")
        }
        for (k, value) in values.enumerated() { try probability(value, path: path[k]) }
    }
}
