import AlignmentScale
import AlignmentScaleApp
import AlignmentScaleIO
import Foundation
import TestSupport
import Testing

/// The typed requests: one validation for both edges, and the query and the flags meaning the same.
@Suite struct AnalysisRequestTests {
    /// Counts past a limit are `.unsupported` at the option's name; out of their domain, `.invalid`.
    @Test func validationNamesTheOption() throws {
        let limits = Limits.server
        let cases: [(AnalysisRequest, String, InputError.Category)] = [
            (.evaluate(EvaluateRequest(samples: limits.samples + 1)), "samples", .unsupported),
            (.evaluate(EvaluateRequest(samples: 0)), "samples", .invalid),
            (.optimize(OptimizeRequest(samples: limits.storedSamples + 1)), "samples", .unsupported),
            (.optimize(OptimizeRequest(stabilityDraws: 0)), "stability-draws", .invalid),
            (.optimize(OptimizeRequest(measure: .cvar(alpha: 0.1))), "objective", .invalid),
            (.race(RaceRequest(trajectories: limits.samples + 1)), "trajectories", .unsupported),
            (.race(RaceRequest(horizon: 501)), "horizon", .invalid),
            (.race(RaceRequest(horizon: 0)), "horizon", .invalid),
            (.sensitivity(SensitivityRequest(samples: 15)), "samples", .invalid),
            (.sensitivity(SensitivityRequest(bootstrap: -1)), "bootstrap", .invalid),
            (.study(StudyRequest(cases: limits.studyCases + 1)), "cases", .unsupported),
            (.study(StudyRequest(beliefs: .concentrated(0))), "concentration", .invalid),
            (.report(ReportRequest(source: "", file: "", studyCases: limits.studyCases + 1)), "cases", .unsupported),
            (.plan(PlanRequest(laterValue: 0)), "later_value", .invalid),
            (.plan(PlanRequest(laterValue: 1.5)), "later_value", .invalid),
            (.plan(PlanRequest(laterValue: .nan)), "later_value", .invalid),
        ]
        for (request, path, category) in cases {
            #expect {
                try request.validate(limits: limits)
            } throws: {
                let error = $0 as? InputError
                return error?.path.description == path && error?.category == category
            }
        }
        // The edges' defaults are valid everywhere.
        for request: AnalysisRequest in [
            .evaluate(EvaluateRequest()), .optimize(OptimizeRequest()), .margins(MarginsRequest()), .voi,
            .race(RaceRequest()), .sensitivity(SensitivityRequest()), .study(StudyRequest()),
            .report(ReportRequest(source: "", file: "")), .plan(PlanRequest()), .plan(PlanRequest(laterValue: 1)),
        ] {
            try request.validate(limits: .server)
            try request.validate(limits: .commandLine)
        }
    }

    /// A URL's query makes the request that the same flags make: the allocation is read against
    /// the scenario (programs left out at their minimum), every other option as given.
    @Test func queryMakesTheTypedRequest() throws {
        let scenario = Scenario.builtinDefault
        let first = scenario.programs[0]
        let query = try AnalysisQuery([
            ("samples", "100"), ("seed", "3"), ("at", "optimal"), ("allocation", "\(first.id)=5"), ("concentration", "4"),
        ])
        var expected = scenario.programs.map(\.minimum)
        expected[0] = 5
        #expect(
            try query.request(.margins, for: scenario, source: "")
                == .margins(MarginsRequest(at: .optimal, allocation: expected, samples: 100, seed: 3)))
        #expect(
            try query.request(.study, for: scenario, source: "")
                == .study(StudyRequest(cases: Defaults.studyCases, seed: 3, beliefs: .concentrated(4))))
        #expect(
            try AnalysisQuery([("beliefs", "uniform")]).request(.study, for: scenario, source: "")
                == .study(StudyRequest(beliefs: .uniform)))
        #expect(
            try AnalysisQuery([("parameters", "medians")]).request(.study, for: scenario, source: "")
                == .study(StudyRequest(parameters: .medians)))
        #expect(throws: InputError.self) { try AnalysisQuery([("parameters", "fixed")]) }
        #expect(
            try AnalysisQuery([("search", "full")]).request(.study, for: scenario, source: "")
                == .study(StudyRequest(search: .full)))
        #expect(StudyRequest().search == .quick && AnalysisQuery().search == .quick)
        #expect(throws: InputError.self) { try AnalysisQuery([("search", "fast")]) }
        #expect(
            try AnalysisQuery([]).request(.report, for: scenario, source: " {}")
                == .report(ReportRequest(source: " {}", file: "scenario.json")))
        #expect(throws: InputError.self) {
            try AnalysisQuery([("allocation", "nobody=5")]).request(.evaluate, for: scenario, source: "")
        }
    }

    /// The runner's evaluate report says what an independent event-by-event simulation of the
    /// same worlds finds, within four standard errors, at the allocation the request names.
    @Test func evaluateAgreesWithSimulation() throws {
        for seed: UInt64 in 1...4 {
            let scenario = RandomScenarios.make(seed: seed, programs: 5)
            let x = RandomScenarios.allocation(for: scenario, seed: seed)
            let output = try AnalysisRunner.run(
                .evaluate(EvaluateRequest(allocation: x)), on: scenario, limits: .commandLine,
                context: RunContext(threads: 1))
            let json = try #require(
                JSONSerialization.jsonObject(with: Data(output.rendered(.json).utf8)) as? [String: Any])
            let safety = try #require(json["safety"] as? Double)
            var rng = SeededGenerator(seed: 100 + seed)
            let simulated = EventSimulator.safety(of: x, scenario: scenario, count: 200_000, rng: &rng)
            #expect(abs(safety - simulated.mean) <= 4 * max(simulated.standardError, 1e-4))
        }
    }

    /// A problem found after loading (the race's step count) still names its line and column:
    /// the runner names the field, and the file that was read places it.
    @Test func laterErrorsKeepTheirPosition() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let path = folder.write("s.yaml", Scenario.defaultYAML + "timeline:\n  step: 0.0001\n")
        let file = try ScenarioFile(contentsOf: path)
        let line = Scenario.defaultYAML.split(separator: "\n", omittingEmptySubsequences: false).count + 1
        func run() throws {
            _ = try AnalysisRunner.run(
                .race(RaceRequest(trajectories: 10, horizon: 30)), on: file.scenario, limits: .commandLine,
                context: RunContext(threads: 1))
        }
        #expect(throws: InputError.self) { try run() }
        #expect { try file.locating(run) } throws: {
            ($0 as? InputError)?.description.hasPrefix(path + ":\(line):9: timeline.step") == true
        }
    }

    /// A plan names one of the scenario's experiments: none listed, several and none named, or an
    /// unknown id (with the nearest one) are errors at `experiment`; one listed needs no name.
    @Test func planNamesAnExperiment() throws {
        let plain = Scenario.builtinDefault
        #expect(throws: InputError.self) { try PlanRequest().experiment(on: plain) }
        var scenario = try plain.changing {
            $0.experiments = [
                Experiment(id: "deception-eval", cost: 2, says: .above(6), sensitivity: 0.9, specificity: 0.75, levelCount: 10)
            ]
        }
        #expect(try PlanRequest().experiment(on: scenario).id == "deception-eval")
        do {
            _ = try PlanRequest(experiment: "deception-evl").experiment(on: scenario)
            Issue.record("an unknown experiment was accepted")
        } catch let error as InputError {
            #expect(error.path == "experiment" && error.hint == "did you mean 'deception-eval'?")
        }
        scenario = try scenario.changing {
            $0.experiments.append(
                Experiment(id: "other", cost: 1, says: .atMost(3), sensitivity: 0.8, specificity: 0.8, levelCount: 10))
        }
        #expect(throws: InputError.self) { try PlanRequest().experiment(on: scenario) }
        #expect(try PlanRequest(experiment: "other").experiment(on: scenario).id == "other")
        // The query reads the same request the flags make.
        let query = try AnalysisQuery([("experiment", "other"), ("later_value", "0.8")])
        #expect(try query.request(.plan, for: scenario, source: "") == .plan(PlanRequest(experiment: "other", laterValue: 0.8)))
    }
}
