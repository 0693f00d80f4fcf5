import AlignmentScale

extension Scenario {
    /// Which objective the analyses maximise, in a sentence, when it is not safety: with a stop cost
    /// every optimisation and marginal value uses the expected value U. `nil` for the plain objective.
    public var objectiveSentence: String? {
        guard optimizesValue else { return nil }
        return "Objective: expected value, not safety. A good outcome counts 1, a catastrophe 0 and a world that "
            + "stopped \(InputError.show(1 - structure.stopCost)) (stop cost \(InputError.show(structure.stopCost))); every "
            + "optimum, regret and marginal value below is in this value."
    }

    /// The JSON fields that say which objective is in force: none for the plain model, so its outputs
    /// read as they always have; `objective` and `stop_cost` with a stop cost.
    public var objectiveJSON: [(String, JSONValue)] {
        optimizesValue ? [("objective", .string("value")), ("stop_cost", .number(structure.stopCost))] : []
    }
}
