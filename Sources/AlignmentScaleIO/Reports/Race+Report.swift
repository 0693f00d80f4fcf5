import AlignmentScale
import Foundation
import SVGCharts

/// `alignscale race`: the race over time between the level systems need and the state of the art.
public struct RaceReport: Reportable {
    public let result: RaceResult
    public let scenario: Scenario

    /// The horizon that was asked for, if any (for the command that reproduces the report).
    public let horizon: Double?

    /// The named allocation the race was run at (`--at`: its name, such as `optimal`, and how
    /// reports say it), if one was named.
    public let at: (name: String, label: String)?

    public init(_ result: RaceResult, scenario: Scenario, horizon: Double? = nil, at: (name: String, label: String)? = nil) {
        self.at = at
        self.result = result
        self.scenario = scenario
        self.horizon = horizon
    }

    public var charts: [(name: String, svg: String)] { [("race", result.chart(scenario: scenario).svg())] }

    public var json: JSONValue {
        let r = result
        let levels = RaceResult.quantileLevels.map(String.init)
        // The time in gaps is printed where gaps carry a hazard, so a race without one reads as it always has.
        let gapFields: [(String, JSONValue)] =
            scenario.timeline.gapHazard > 0
            ? [("mean_gap_years", .number(r.meanGapYears)), ("gap_hazard", .number(scenario.timeline.gapHazard))] : []
        return .object(
            [
                ("trajectories", .integer(r.trajectories)), ("seed", .number(Double(r.seed))), ("safety", .number(r.safety)),
                ("stderr", .number(r.standardError)), ("no_gap", .number(r.noGap)),
            ] + gapFields + [
                (
                    "first_gap_quantiles",
                    r.firstGapQuantiles.map { q in .object(zip(["5", "25", "50", "75", "95"], q).map { ($0, .number($1)) }) }
                        ?? .null
                ),
                ("allocation", scenario.allocationJSON(r.allocation)),
            ] + (at.map { [("at", JSONValue.string($0.name))] } ?? []) + [
                ("years", .numbers(r.years)),
                ("required", .object(zip(levels, r.required).map { ($0, .numbers($1)) })),
                ("state_of_the_art", .object(zip(levels, r.stateOfTheArt).map { ($0, .numbers($1)) })),
                ("arrived", .numbers(r.arrived)),
            ])
    }

    public var csv: String {
        let r = result
        let levels = RaceResult.quantileLevels.map(String.init)
        var table = TextTable(
            ["year"] + levels.map { "required_p\($0)" } + levels.map { "state_of_the_art_p\($0)" } + ["arrived"])
        for i in r.years.indices {
            table.append(
                ["\(r.years[i])"] + r.required.map { "\($0[i])" } + r.stateOfTheArt.map { "\($0[i])" } + ["\(r.arrived[i])"])
        }
        return table.csv()
    }

    public var document: ReportDocument {
        let r = result
        var document = ReportDocument(
            title: "\(scenario.titleLine): the race over time (\(r.trajectories) trajectories, seed \(r.seed))")
        let gaps =
            r.firstGapQuantiles.map {
                "Among trajectories with a gap, the first one opens around \(Ticks.label($0[2])) (5–95%: \(Ticks.label($0[0]))–\(Ticks.label($0[4])))."
            } ?? "No trajectory had a gap."
        if let at { document.text("At \(at.label): \(scenario.compact(r.allocation)).") }
        document.text(
            "P(safe) when transformative AI arrives: \(Show.sampled(r.safety, r.standardError)) (simulated).\n"
                + "P(no gap before it arrives): \(Show.percent(r.noGap, digits: 1)) — a gap is a time when the level systems need "
                + "exceeds the best usable technique.\n\(gaps)"
                + (scenario.timeline.gapHazard > 0
                    ? "\nTime in gaps before arrival: \(Show.fixed(r.meanGapYears, 2)) years on average; each year in a gap "
                        + "carries a catastrophe hazard of \(InputError.show(scenario.timeline.gapHazard)), already counted in P(safe)."
                    : ""))
        var table = TextTable(
            ["year", "required p5 / p50 / p95", "state of the art p5 / p50 / p95", "TAI arrived"],
            alignments: [.right, .left, .left, .right])
        let every = Int(clamping: (1 / scenario.timeline.step).rounded(), to: 1...Int(Int32.max))
        for i in stride(from: 0, to: r.years.count, by: every) {
            table.append([
                Ticks.label(r.years[i]), r.required.map { Show.fixed($0[i], 2) }.joined(separator: " / "),
                r.stateOfTheArt.map { Ticks.label($0[i]) }.joined(separator: " / "), Show.percent(r.arrived[i]),
            ])
        }
        document.table(table)
        document.chart(r.chart(scenario: scenario).svg())
        return document
    }
}

extension RaceResult {
    /// A fan chart of the required level against the state of the art, with the scale's bands
    /// shaded and its thresholds drawn.
    public func chart(scenario: Scenario) -> LineChart {
        let n = scenario.scale.levelCount
        var chart = LineChart(
            title: "The race: level required vs state of the art", xLabel: "year", yLabel: "level of the scale",
            x: (years.first ?? 0)...(years.last ?? 1), y: 0.5...(Double(n) + 0.5))
        chart.subtitle =
            "\(scenario.name.isEmpty ? "Scenario" : scenario.name): P(safe) \(Show.percent(safety, digits: 1)), P(no gap) \(Show.percent(noGap, digits: 1)), \(trajectories) trajectories"
        chart.yTicks = (1...n).map { (Double($0), String($0)) }
        var first = 1
        for level in 1...n {
            let band = scenario.scale.level(level).band
            if level == n || scenario.scale.level(level + 1).band != band {
                chart.bands.append(
                    .init(
                        from: Double(first) - 0.5, to: Double(level) + 0.5, color: band.paleColor, label: band.rawValue,
                        edgeColor: band.edgeColor))
                first = level + 1
            }
        }
        chart.referenceLines = scenario.scale.thresholds.map {
            .init(y: Double($0.after) + 0.5, label: $0.name, color: "#444444")
        }
        chart.areas = [
            .init(
                x: years, lower: required[0], upper: required[2], color: "#c0392b", opacity: 0.16, outlined: true,
                label: "required, 5–95%"),
            .init(
                x: years, lower: stateOfTheArt[0], upper: stateOfTheArt[2], color: "#1f618d", opacity: 0.2, stepped: true,
                outlined: true, label: "state of the art, 5–95%"),
        ]
        // Where gaps carry a hazard, shade the years of a gap between the medians: the median need, rounded up to
        // a whole level, is above the median state of the art, and transformative AI has not yet
        // arrived in most trajectories.
        let inGap =
            scenario.timeline.gapHazard > 0
            ? years.indices.map { i in arrived[i] < 0.5 && (required[1][i] - 1e-9).rounded(.up) > stateOfTheArt[1][i] } : []
        if inGap.contains(true) {
            chart.areas.insert(
                .init(
                    x: years, lower: inGap.map { _ in 0.5 }, upper: inGap.map { $0 ? Double(n) + 0.5 : 0.5 },
                    color: "#7f7f7f", opacity: 0.1, stepped: true, label: "gap (between the medians)"),
                at: 0)
        }
        let tai = scenario.timeline.taiYears
        let start = scenario.timeline.start
        chart.markers = [
            .init(
                x: start + tai.median,
                label: tai.isPoint ? "transformative AI arrives" : "transformative AI: median arrival (shaded: 5–95%)",
                range: tai.isPoint ? nil : (start + tai.quantile(0.05))...(start + tai.quantile(0.95)))
        ]
        chart.lines = [
            .init(x: years, y: required[1], color: "#c0392b", label: "required, median"),
            .init(x: years, y: stateOfTheArt[1], color: "#1f618d", stepped: true, label: "state of the art, median"),
        ]
        return chart
    }
}

extension RaceReport {
    /// The short form: safety when transformative AI arrives, how often no gap opens, the fan chart.
    public var brief: ReportBrief {
        let r = result
        return ReportBrief(
            sentence: "Year by year, the level systems need rises towards the true level as transformative AI approaches, while "
                + "the state of the art rises as techniques become usable. Safety when it arrives: "
                + "\(Show.sampled(r.safety, r.standardError)); no gap before it arrives in "
                + "\(Show.percent(r.noGap, digits: 1)) of \(r.trajectories) trajectories.",
            charts: [r.chart(scenario: scenario).svg()],
            command: "race \(ReportBrief.scenarioPlaceholder) --trajectories \(r.trajectories) --seed \(r.seed)"
                + (horizon.map { " --horizon \(InputError.show($0))" } ?? ""))
    }
}
