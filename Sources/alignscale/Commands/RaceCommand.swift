import AlignmentScale
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

    func validate() throws {
        guard (1...Limits.commandLine.samples).contains(trajectories) else {
            throw ValidationError("--trajectories must be between 1 and \(Limits.commandLine.samples) (found \(trajectories))")
        }
        if let horizon, !(horizon > 0 && horizon <= 500) {
            throw ValidationError("--horizon must be in (0, 500] years (found \(horizon))")
        }
    }

    func run() throws {
        let scenario = try input.load()
        let x = try allocation.resolve(for: scenario) ?? scenario.currentAllocation
        let result = try Analyses.race(
            scenario, allocation: x, options: runOptions.options(samples: trajectories, label: "race"),
            horizon: horizon ?? scenario.timeline.chartHorizon)
        if let svg {
            try OutputFile.write(result.chart(scenario: scenario).svg(), to: svg, option: "--svg")
        }
        try emit(result.report(output.format, scenario: scenario))
    }
}
