import AlignmentScale
import Foundation
import TestSupport
import Testing

@Suite("Evidence already seen: the posterior over worlds")
struct ObservationTests {
    static func threeLevels() throws -> Scale {
        try Scale(
            levels: (1...3).map {
                Level(number: $0, name: "L\($0)", technique: "t\($0)", band: .green, summary: "", risks: [], impossible: false)
            }, thresholds: [], failureModes: [])
    }

    /// Bayes' rule by hand on three levels: prior (0.5, 0.3, 0.2), a test saying "k > 1" with
    /// sensitivity 0.8 and specificity 0.9, so L = (0.1, 0.8, 0.8). P(evidence) = 0.05 + 0.24 + 0.16
    /// = 0.45; posterior (0.05, 0.24, 0.16)/0.45. A second observation with L = (1, 0.5, 0.25)
    /// multiplies in: (0.05, 0.12, 0.04)/0.21.
    @Test func bayesByHandOnThreeLevels() throws {
        let scale = try Self.threeLevels()
        let test = Observation(name: "test", says: .above(1), sensitivity: 0.8, specificity: 0.9, levelCount: 3)
        #expect(test.likelihood.map { ($0 * 1e12).rounded() / 1e12 } == [0.1, 0.8, 0.8])
        let program = Program(id: "t", level: 2, baseline: 0.5, scale: 10)
        let one = try Scenario(scale: scale, beliefs: [0.5, 0.3, 0.2], budget: 10, programs: [program], evidence: [test])
        #expect(abs(one.evidenceProbability - 0.45) < 1e-15)
        for (a, b) in zip(one.worlds.probabilities, [0.05 / 0.45, 0.24 / 0.45, 0.16 / 0.45]) { #expect(abs(a - b) < 1e-15) }
        let second = Observation(name: "second", likelihood: [1, 0.5, 0.25])
        let two = try Scenario(
            scale: scale, beliefs: [0.5, 0.3, 0.2], budget: 10, programs: [program], evidence: [test, second])
        #expect(abs(two.evidenceProbability - 0.21) < 1e-15)
        for (a, b) in zip(two.worlds.probabilities, [0.05 / 0.21, 0.12 / 0.21, 0.04 / 0.21]) { #expect(abs(a - b) < 1e-15) }
        // The beliefs stay the prior; every analysis runs on the posterior.
        #expect(two.beliefs == [0.5, 0.3, 0.2])
    }

    /// With orderings, P'(w) = P(w)·L_k(w) / Σ_w P(w)·L_k(w) for every world, credences included.
    @Test("orderings: credences and beliefs update together", arguments: 0..<6)
    func orderingsUpdateTogether(seed: UInt64) throws {
        let base = RandomScenarios.withOrderings(RandomScenarios.make(seed: 40 + seed, programs: 4), seed: seed)
        var rng = SeededGenerator(seed: seed)
        let likelihood = (0..<10).map { _ in rng.nextUniform() }
        let scenario = try base.changing { $0.evidence = [Observation(name: "seen", likelihood: likelihood)] }
        let prior = base.worlds.probabilities
        let total = prior.indices.reduce(0) { $0 + prior[$1] * likelihood[$1 % 10] }
        for (w, p) in scenario.worlds.probabilities.enumerated() {
            #expect(abs(p - prior[w] * likelihood[w % 10] / total) < 1e-14)
        }
        #expect(abs(scenario.evidenceProbability - total) < 1e-15)
    }

    /// On one ladder, a scenario with evidence answers exactly as the same scenario whose beliefs
    /// are the posterior, written out.
    @Test("evaluate and optimize run on the posterior", arguments: 0..<4)
    func analysesRunOnThePosterior(seed: UInt64) throws {
        let likelihood = (1...10).map { $0 > 4 ? 0.9 : 0.25 }
        let withEvidence = try RandomScenarios.make(seed: 60 + seed, programs: 5).changing {
            $0.evidence = [Observation(name: "seen", likelihood: likelihood)]
        }
        let written = try withEvidence.changing {
            $0.evidence = []
            $0.beliefs = withEvidence.worlds.probabilities
        }
        let x = RandomScenarios.allocation(for: written, seed: seed)
        let seen = Evaluation(scenario: withEvidence, allocation: x).safety
        #expect(abs(seen - Evaluation(scenario: written, allocation: x).safety) < 1e-15)
        #expect(abs(Optimum(scenario: withEvidence).safety - Optimum(scenario: written).safety) < 1e-12)
    }

    /// Monte Carlo with Dirichlet beliefs: each draw's beliefs are updated by the likelihood, and the
    /// fast per-sample path weights worlds exactly as the drawn scenario's worlds do.
    @Test("each Monte Carlo draw's beliefs are updated by the evidence")
    func drawsAreUpdated() throws {
        let scenario = try RandomScenarios.make(seed: 77, programs: 4).changing {
            $0.beliefConcentration = 5
            $0.evidence = [Observation(name: "seen", likelihood: (1...10).map { $0 > 6 ? 0.9 : 0.25 })]
        }
        let x = RandomScenarios.allocation(for: scenario, seed: 3)
        let sampler = ParameterSampler(scenario: scenario)
        var rows: [Double] = []
        _ = SampledEvaluation(
            scenario: scenario, allocation: x, options: MonteCarloOptions(samples: 100, seed: 5, threads: 2),
            export: { rows += $0 })
        let width = sampler.width + 1
        for i in 0..<100 {
            let row = Array(rows[(i * width)..<((i + 1) * width)])
            let drawn = Array(row.prefix(10))
            let instance = sampler.instance(of: scenario, row: Array(row.dropLast()))
            // Bayes on the drawn beliefs, by hand.
            let z = zip(drawn, scenario.evidence[0].likelihood).reduce(0) { $0 + $1.0 * $1.1 }
            for (p, (d, l)) in zip(instance.worlds.probabilities, zip(drawn, scenario.evidence[0].likelihood)) {
                #expect(abs(p - d * l / z) < 1e-14)
            }
            let exact = instance.model().safety(of: x, weights: instance.worlds.probabilities)
            #expect(abs(exact - row.last!) < 1e-13)
        }
    }

    @Test("impossible evidence and bad likelihoods name the observation")
    func badEvidenceIsRefused() throws {
        let scale = try Self.threeLevels()
        let program = Program(id: "t", level: 2, baseline: 0.5, scale: 10)
        func refuses(_ observation: Observation, beliefs: [Double] = [0.5, 0.3, 0.2], path: FieldPath) {
            #expect {
                _ = try Scenario(scale: scale, beliefs: beliefs, budget: 10, programs: [program], evidence: [observation])
            } throws: { ($0 as? InputError)?.path == path }
        }
        refuses(Observation(name: "a", likelihood: [0.1, 0.2]), path: "evidence[0].likelihood")
        refuses(Observation(name: "a", likelihood: [0.1, 1.2, 0.3]), path: "evidence[0].likelihood[1]")
        refuses(Observation(name: "a", likelihood: [0, 0, 1]), beliefs: [0.5, 0.5, 0], path: "evidence")
        refuses(Observation(name: "Bad Name", likelihood: [0.1, 0.2, 0.3]), path: "evidence[0].name")
    }
}
