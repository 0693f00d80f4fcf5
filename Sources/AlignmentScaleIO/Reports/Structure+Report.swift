import AlignmentScale

extension Scenario {
    /// Which objective the analyses maximise, in a sentence, when it is not safety: with a stop cost
    /// every optimisation and marginal value uses the expected value U. `nil` for the plain objective.
    public var objectiveSentence: String? {
        guard optimizesValue else { return nil }
        return "Objective: expected value, not safety. A good outcome counts 1, a catastrophe 0 and a world\n"
            + "that stopped \(InputError.show(1 - structure.stopCost)) (stop cost \(InputError.show(structure.stopCost))); "
            + "every optimum, regret and marginal value is in this value."
    }

    /// What the analyses maximise, in a word or two: "expected value" with a stop cost, else "safety".
    public var objectiveName: String { optimizesValue ? "expected value" : "safety" }

    /// ``objectiveSentence`` for a report whose columns keep the name "safety" for the objective.
    public var objectiveNoteForSafetyColumns: String? {
        objectiveSentence.map { $0 + "\nHere \"safety\" means that value." }
    }

    /// The JSON fields that say which objective is in force: none for the plain model, so its outputs
    /// read as they always have; `maximizes` and `stop_cost` with a stop cost.
    public var objectiveJSON: [(String, JSONValue)] {
        optimizesValue ? [("maximizes", .string("value")), ("stop_cost", .number(structure.stopCost))] : []
    }
}

extension Scenario {
    /// The modelling choices in force for this scenario, one sentence each, saying for each whether
    /// the scenario relaxes it (the documentation's Assumptions article has the full list).
    public var assumptionSentences: [String] {
        let byLevel =
            programs.contains { $0.backfireByLevel != nil || $0.evidenceByLevel != nil }
            || structure.stopBaselineByLevel != nil || structure.misuseBaselineByLevel != nil
        let falseAlarms = structure.falseAlarmBaseline > 0 || programs.contains { $0.falseAlarm > 0 }
        return [
            optimizesValue
                ? "Stops cost something here: a stopped world counts \(InputError.show(1 - structure.stopCost)) against 1 for a "
                    + "good outcome, and the analyses maximise that expected value."
                : "Stops are free and permanent: a world that stops an unaligned deployment counts as safe (stop_cost relaxes this).",
            falseAlarms
                ? "Stops on false alarms are modelled: worlds whose systems would have been aligned can stop too."
                : "No false alarms: only unaligned deployments are stopped (false_alarm relaxes this).",
            byLevel
                ? "Some values depend on the true level (lists by level)."
                : "Backfire, evidence and the baselines are the same at every level (lists by level relax this).",
            "One usable program that conceals cancels every stop; readiness is binary and independent given the level; "
                + "the allocation is spent once; structural risk is counted in the misuse baseline; funding never speeds "
                + "transformative AI up.",
            timeline.gapHazard > 0
                ? "Gaps before transformative AI carry a catastrophe rate of \(InputError.show(timeline.gapHazard)) per year."
                : "Gaps before transformative AI do no harm by themselves (timeline.gap_hazard relaxes this).",
        ]
    }
}
