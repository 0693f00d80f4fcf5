import AlignmentScale
import AlignmentScaleApp
import AlignmentScaleIO
import ArgumentParser
import Foundation

struct RaceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "race",
        abstract: "The race over time: the level systems need against alignment's state of the art.",
        discussion: """
            Draws trajectories: the true level, when transformative AI arrives (timeline.tai_years), \
            when each program becomes ready given its allocation, and, if switched on, automation \
            that speeds up research once a technique of timeline.automation.level is usable. \
            Reports P(safe) when transformative AI arrives, P(no gap before it) — a gap is a time \
            when the level systems need exceeds the best usable technique — when the first gap \
            opens, and the 5/50/95% fan of both levels year by year. --svg draws the fan chart.
            """)

    @OptionGroup var input: ScenarioArgument
    @OptionGroup var allocation: AllocationOption

    @Option(
        name: .long,
        help: "Race at status-quo, optimal, or scenario (the file's allocation) instead; --allocation overrides it.")
    var at: MarginPoint?

    @Option(name: .long, parsing: .unconditional, help: "Trajectories to draw.")
    var trajectories: Int = Defaults.trajectories

    @OptionGroup var runOptions: RunOptions

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp(
            "Years after timeline.start that the fan chart covers.",
            discussion: "Default: a little past the 99th percentile of when transformative AI arrives."))
    var horizon: Double?

    @Option(name: .long, help: ArgumentHelp("Also write the fan chart as an SVG file.", valueName: "file.svg"))
    var svg: String?

    @OptionGroup var output: FormatOption

    func request(allocation x: [Double]?) -> RaceRequest {
        RaceRequest(allocation: x, at: at, trajectories: trajectories, seed: runOptions.seed, horizon: horizon)
    }

    func validate() throws { try check(.race(request(allocation: nil))) }

    func run() throws {
        let file = try input.read()
        let scenario = file.scenario
        let report = try file.locating {
            try AnalysisRunner.race(
                request(allocation: try allocation.resolve(for: scenario)), on: scenario, limits: limits,
                context: runOptions.context)
        }
        if let svg {
            try OutputFile.write(report.result.chart(scenario: scenario).svg(), to: svg, option: "--svg")
        }
        try emit(report.rendered(output.format))
    }
}
