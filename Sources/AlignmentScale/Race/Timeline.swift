import Foundation

/// When transformative AI arrives and how the required level rises on the way (<doc:TheRace>).
public struct Timeline: Sendable, Equatable {
    /// The calendar year of t = 0.
    public var start: Double
    /// Years between the points of the fan chart.
    public var step: Double
    /// Years from `start` until transformative AI: a number or a distribution of positive values.
    /// Defaults to ``referenceYears``, which makes the race reproduce the static model.
    public var taiYears: Distribution
    /// r₀: the level today's frontier systems already need. `nil`: ``defaultRequiredNow``, or the
    /// top level of a smaller scale.
    public var requiredNow: Double?
    /// γ > 0: how the required level rises, R(t) = r₀ + (k − r₀)·(t/T)^γ.
    public var shape: Double
    /// Y > 0: the years the budget and the programs' scales are totals over.
    public var referenceYears: Double
    /// From the first time a usable technique of at least this level exists, programs not yet ready
    /// speed up by ``automationFactor`` (AI research assistance). `nil`: ``defaultAutomationLevel``
    /// (AI-assisted oversight on the built-in scale), or the top level of a smaller scale.
    public var automationLevel: Int?
    /// 1 turns automation off.
    public var automationFactor: Double
    /// η ≥ 0 per year: while a gap is open before transformative AI arrives, a catastrophe happens
    /// at this rate (a system more capable than any usable technique can align is deployed early).
    /// 0 (the default): gaps before arrival do no harm by themselves.
    public var gapHazard: Double = 0

    public init(
        start: Double = 2026, step: Double = 0.25, taiYears: Distribution? = nil, requiredNow: Double? = nil,
        shape: Double = 1, referenceYears: Double = 10, automationLevel: Int? = nil, automationFactor: Double = 1
    ) {
        self.start = start
        self.step = step
        self.taiYears = taiYears ?? .point(referenceYears)
        self.requiredNow = requiredNow
        self.shape = shape
        self.referenceYears = referenceYears
        self.automationLevel = automationLevel
        self.automationFactor = automationFactor
    }

    /// The latest arrival of transformative AI the race models: the 99th percentile of `tai_years`
    /// must not exceed it (a thousand years is far past any horizon the fan chart covers).
    public static let maximumYears = 1000.0

    /// A draw of `tai_years` beyond this (the far tail of a distribution whose 99th percentile is at
    /// most ``maximumYears``) is taken at this value, so no arithmetic downstream overflows.
    public static let maximumDrawnYears = 1e6

    /// Years from `start` a fan chart should cover: past the 99th percentile of the arrival of
    /// transformative AI by a little, and never less than five years.
    public var chartHorizon: Double {
        let late = taiYears.isPoint ? taiYears.median : taiYears.quantile(0.99)
        return min(max((late * 1.05 + 1).rounded(.up), 5), Timeline.maximumYears)
    }

    /// r₀ in effect on a scale of `levelCount` levels.
    public func requiredNow(levelCount: Int) -> Double { requiredNow ?? min(Self.defaultRequiredNow, Double(levelCount)) }

    /// r₀ when a timeline does not say (capped at a smaller scale's top level).
    public static let defaultRequiredNow = 2.5

    /// The automation level when a timeline does not say (capped at a smaller scale's top level).
    public static let defaultAutomationLevel = 5

    /// The automation level in effect on a scale of `levelCount` levels.
    public func automationLevel(levelCount: Int) -> Int { automationLevel ?? min(Self.defaultAutomationLevel, levelCount) }

    /// Checks every field against a scale of `levelCount` levels.
    /// - Throws: ``InputError`` at `timeline.FIELD`.
    public func validate(levelCount n: Int) throws {
        for (value, field) in [
            (start, "start"), (step, "step"), (requiredNow ?? 1, "required_now"), (shape, "shape"),
            (referenceYears, "reference_years"), (automationFactor, "automation.factor"), (gapHazard, "gap_hazard"),
        ] {
            try Check.finite(value, path: "timeline.\(field)")
        }
        guard step > 0 && step <= 100 else {
            throw InputError(path: "timeline.step", expected: "a number of years in (0, 100]", found: InputError.show(step))
        }
        guard gapHazard >= 0 else {
            throw InputError(
                path: "timeline.gap_hazard", expected: "a hazard rate ≥ 0 per year", found: InputError.show(gapHazard))
        }
        guard referenceYears > 0 else {
            throw InputError(
                path: "timeline.reference_years", expected: "a number of years > 0", found: InputError.show(referenceYears))
        }
        guard shape > 0 else {
            throw InputError(path: "timeline.shape", expected: "a shape γ > 0", found: InputError.show(shape))
        }
        if let requiredNow, !(requiredNow >= 1 && requiredNow <= Double(n)) {
            throw InputError(
                path: "timeline.required_now", expected: "a level between 1 and \(n)", found: InputError.show(requiredNow))
        }
        if let automationLevel, !(1...n).contains(automationLevel) {
            throw InputError(
                path: "timeline.automation.level", expected: "a level from 1 to \(n)", found: String(automationLevel))
        }
        guard automationFactor > 0 else {
            throw InputError(
                path: "timeline.automation.factor", expected: "a speed-up factor > 0 (1 = off)",
                found: InputError.show(automationFactor))
        }
        try taiYears.validate(path: "timeline.tai_years")
        let lower = taiYears.support.lower
        let positiveFamily: Bool
        switch taiYears {
        case .ci90, .lognormal: positiveFamily = true
        default: positiveFamily = false
        }
        guard lower > 0 || positiveFamily else {
            throw InputError(
                path: "timeline.tai_years", expected: "years until transformative AI, a distribution of values > 0",
                found: "\(taiYears), which can reach \(InputError.show(lower))",
                hint: taiYears.suggestion(for: .positive))
        }
        let late = taiYears.isPoint ? taiYears.median : taiYears.quantile(0.99)
        guard late <= Timeline.maximumYears else {
            throw InputError(
                path: "timeline.tai_years",
                expected:
                    "years until transformative AI of at most \(InputError.show(Timeline.maximumYears))"
                    + (taiYears.isPoint ? "" : " at the 99th percentile"),
                found: taiYears.isPoint ? InputError.show(late) : "\(taiYears), whose 99th percentile is \(InputError.show(late))"
            )
        }
    }
}
