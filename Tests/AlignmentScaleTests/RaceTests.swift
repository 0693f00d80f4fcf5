import AlignmentScale
import Foundation
import TestSupport
import Testing

@Suite("The race over time (AlignmentScale.docc/TheRace.md)")
struct RaceTests {
    /// With T fixed at the reference years and automation off, the race is the static model:
    /// P(safe) within 4 standard errors of the exact V(x), on random scenarios with requires,
    /// ceilings, evidence, backfire and misuse reduction.
    @Test("matches the exact static model when T ≡ Y and automation is off", arguments: 0..<6)
    func matchesStaticModel(seed: UInt64) throws {
        let scenario = try RandomScenarios.make(seed: 300 + seed, programs: 3 + Int(seed), levels: 10).changing {
            $0.timeline = Timeline(taiYears: .point(10), referenceYears: 10, automationFactor: 1)
        }
        let x = RandomScenarios.allocation(for: scenario, seed: seed)
        let exact = SafetyModel(scenario: scenario).safety(of: x, weights: scenario.beliefs)
        let race = RaceResult(
            scenario: scenario, allocation: x, options: MonteCarloOptions(samples: 40_000, seed: seed), horizon: 12)
        #expect(
            abs(race.safety - exact) <= 4 * race.standardError, "race \(race.safety) ± \(race.standardError) vs exact \(exact)")
    }

    /// With values by level, false alarms and a stop cost, the race reports safety (a stopped world
    /// is safe, whatever it costs): within 4 standard errors of the exact safety when T ≡ Y.
    @Test("with every structural switch, matches the exact safety when T ≡ Y", arguments: 0..<3)
    func matchesStaticSafetyWithStructure(seed: UInt64) throws {
        let scenario = try RandomScenarios.withStructure(
            RandomScenarios.make(seed: 320 + seed, programs: 4 + Int(seed), levels: 10), seed: seed
        ).changing { $0.timeline = Timeline(taiYears: .point(10), referenceYears: 10, automationFactor: 1) }
        let x = RandomScenarios.allocation(for: scenario, seed: seed)
        let exact = SafetyModel(scenario: scenario).safetyOnly.safety(of: x, weights: scenario.beliefs)
        let race = RaceResult(
            scenario: scenario, allocation: x, options: MonteCarloOptions(samples: 40_000, seed: seed), horizon: 12)
        #expect(
            abs(race.safety - exact) <= 4 * race.standardError, "race \(race.safety) ± \(race.standardError) vs exact \(exact)")
    }

    /// The same also with a different reference period Y: readiness by Y is R(x) whatever Y is.
    @Test func referenceYearsScaleTime() throws {
        let scenario = try Scenario.builtinDefault.changing { $0.timeline = Timeline(taiYears: .point(4), referenceYears: 4) }
        let x = scenario.statusQuo
        let exact = SafetyModel(scenario: scenario).safety(of: x, weights: scenario.beliefs)
        let race = RaceResult(scenario: scenario, allocation: x, options: MonteCarloOptions(samples: 60_000, seed: 3), horizon: 5)
        #expect(abs(race.safety - exact) <= 4 * race.standardError)
    }

    /// The gap hazard against its closed form. Certain level 6, one technique at level 6 that becomes
    /// ready at an Exp(λ) time τ (baseline b, no spending: λ = −ln(1 − b)/Y), frontier 3, r₀ = 2.5,
    /// γ = 1, T = Y = 10, no stop baseline. The need passes the frontier at t* = T·(3 − 2.5)/(6 − 2.5),
    /// so G = max(0, min(τ, T) − t*): E[G] = (e^{−λt*} − e^{−λT})/λ, and with hazard η
    /// P(safe) = E[1{τ < T}·e^{−ηG}] = (1 − e^{−λt*}) + λe^{−λt*}·(1 − e^{−(λ+η)(T − t*)})/(λ + η).
    @Test("the time in gaps and the gap hazard match their closed forms", arguments: [0.0, 0.15])
    func gapHazardClosedForm(hazard: Double) throws {
        var beliefs = [Double](repeating: 0, count: 10)
        beliefs[5] = 1
        var timeline = Timeline(taiYears: .point(10), referenceYears: 10)
        timeline.gapHazard = hazard
        let scenario = try Scenario(
            beliefs: beliefs, budget: 10, programs: [Program(id: "six", level: 6, baseline: 0.6, scale: 50)],
            timeline: timeline)
        let years = 10.0
        let lambda = -log(1 - 0.6) / years
        let crossing = years * 0.5 / 3.5
        let meanGap = (exp(-lambda * crossing) - exp(-lambda * years)) / lambda
        let safe =
            (1 - exp(-lambda * crossing))
            + lambda * exp(-lambda * crossing) * (1 - exp(-(lambda + hazard) * (years - crossing))) / (lambda + hazard)
        let count = 60_000
        let race = RaceResult(
            scenario: scenario, allocation: [0], options: MonteCarloOptions(samples: count, seed: 8), horizon: 10)
        // G lies in [0, T − t*], so its standard deviation is at most half that width.
        let gapError = (years - crossing) / 2 / Double(count).squareRoot()
        #expect(abs(race.meanGapYears - meanGap) <= 4 * gapError, "mean G \(race.meanGapYears) vs \(meanGap)")
        #expect(abs(race.safety - safe) <= 4 * race.standardError, "race \(race.safety) ± \(race.standardError) vs \(safe)")
    }

    /// Automation against its closed form. Certain level 6; program A (level 5, the trigger) and
    /// B (level 6), ceilings 1, nothing else: P(safe) = P(B ready by T). With rates a, b and factor f,
    /// P = b/(a + b)·(1 − e^{−(a+b)T}) + a/(a + b)·(1 − e^{−(a+b)T}) − a·e^{−fbT}·(1 − e^{−cT})/c,
    /// c = a + b − f·b (B ready before A; or A first at time u and B's fresh Exp(f·b) time within T − u).
    @Test func automationClosedForm() throws {
        let scale = Scale.builtin
        let programs = [
            Program(id: "a", level: 5, baseline: 0.3, scale: 50),
            Program(id: "b", level: 6, baseline: 0.1, scale: 200),
        ]
        var beliefs = [Double](repeating: 0, count: 10)
        beliefs[5] = 1
        let factor = 3.0
        let scenario = try Scenario(
            scale: scale, beliefs: beliefs, budget: 10, programs: programs,
            timeline: Timeline(taiYears: .point(10), referenceYears: 10, automationLevel: 5, automationFactor: factor))
        let years = 10.0
        let a = -log(1 - 0.3) / years
        let b = -log(1 - 0.1) / years
        let c = a + b - factor * b
        let both = 1 - exp(-(a + b) * years)
        let exact = b / (a + b) * both + a / (a + b) * both - a * exp(-factor * b * years) * (1 - exp(-c * years)) / c
        let race = RaceResult(
            scenario: scenario, allocation: [0, 0], options: MonteCarloOptions(samples: 80_000, seed: 5), horizon: 10)
        #expect(abs(race.safety - exact) <= 4 * race.standardError, "race \(race.safety) ± \(race.standardError) vs \(exact)")
        // And automation helps: without it, P = 1 − e^{−bT} = 0.1.
        #expect(exact > 0.1 + 8 * race.standardError)
    }

    /// A deterministic race: level 6 for certain, nothing above the frontier (3), T = 10, r₀ = 2.5,
    /// γ = 1. R(t) = 2.5 + 0.35·t exceeds 3 at t = 10/7 ≈ 1.43 years, so every trajectory has a gap
    /// first at 2026 + 1.43, recorded in the quarter starting 2027.25.
    @Test func firstGapByHand() throws {
        var beliefs = [Double](repeating: 0, count: 10)
        beliefs[5] = 1
        let scenario = try Scenario(
            beliefs: beliefs, budget: 10, programs: [Program(id: "g", kind: .governance, baseline: 0.2, scale: 10)],
            timeline: Timeline(taiYears: .point(10)))
        let race = RaceResult(scenario: scenario, allocation: [0], options: MonteCarloOptions(samples: 500, seed: 1), horizon: 12)
        #expect(race.noGap == 0)
        #expect(race.firstGapQuantiles == [2027.25, 2027.25, 2027.25, 2027.25, 2027.25])
        // The required level's median at year 2031 (t = 5): 2.5 + 3.5·0.5 = 4.25.
        let index = race.years.firstIndex(of: 2031)!
        #expect(abs(race.required[1][index] - 4.25) <= 0.01)
        #expect(race.stateOfTheArt[1][index] == 3)
    }

    @Test func reproducibleForAnyThreadCount() throws {
        let scenario = try Scenario.builtinDefault.changing {
            $0.timeline = Timeline(taiYears: .ci90(low: 4, high: 25), automationFactor: 2)
        }
        let runs = [1, 3].map {
            RaceResult(
                scenario: scenario, allocation: scenario.statusQuo,
                options: MonteCarloOptions(samples: 9000, seed: 8, threads: $0))
        }
        #expect(runs[0].safety == runs[1].safety && runs[0].required == runs[1].required)
        #expect(runs[0].firstGapQuantiles == runs[1].firstGapQuantiles && runs[0].noGap == runs[1].noGap)
    }

    @Test func taiYearsMustStayPositive() {
        for bad: Distribution in [
            .normal(mean: 10, sd: 3), .uniform(low: 0, high: 20), .point(0), .triangular(low: -1, mode: 5, high: 9),
        ] {
            #expect { try Timeline(taiYears: bad).validate(levelCount: 10) } throws: {
                ($0 as? InputError)?.path == "timeline.tai_years"
            }
        }
        #expect(throws: Never.self) { try Timeline(taiYears: .ci90(low: 3, high: 30)).validate(levelCount: 10) }
    }
}
