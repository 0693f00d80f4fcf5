import AlignmentScale
import AlignmentScaleIO
import ArgumentParser
import Foundation

struct SensitivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensitivity",
        abstract: "Which uncertain parameters matter: a tornado of the optimum and Sobol indices of safety.",
        discussion: """
            Tornado: each uncertain parameter alone at its 5th and 95th percentile (the others at \
            their medians), the optimal allocation re-solved; bars are sorted by how much optimal \
            safety swings, and show how far the allocation moves. Sobol indices: the share of the \
            variance of safety, at the scenario's allocation (or --allocation), due to each \
            parameter alone (first order) and with its interactions (total), from Saltelli's \
            scheme with Jansen's estimators; intervals come from bootstrap resampling. Dirichlet \
            beliefs count as one factor, `beliefs`.
            """)

    @OptionGroup var input: ScenarioArgument
    @OptionGroup var allocation: AllocationOption

    @Option(
        name: .long, parsing: .unconditional,
        help: "Base samples n for the Sobol indices (safety is evaluated n·(parameters + 2) times).")
    var samples: Int = Defaults.sensitivitySamples

    @Option(name: .long, parsing: .unconditional, help: "Bootstrap resamples for the Sobol intervals.")
    var bootstrap: Int = Defaults.bootstrap

    @OptionGroup var runOptions: RunOptions

    @Option(name: .long, help: ArgumentHelp("Also write the tornado as an SVG chart.", valueName: "file.svg"))
    var svg: String?

    @OptionGroup var output: FormatOption

    func validate() throws {
        guard (16...Limits.commandLine.storedSamples).contains(samples) else {
            throw ValidationError("--samples must be between 16 and \(Limits.commandLine.storedSamples) (found \(samples))")
        }
        guard (0...10_000).contains(bootstrap) else {
            throw ValidationError("--bootstrap must be between 0 and 10000 (found \(bootstrap))")
        }
    }

    func run() throws {
        let scenario = try input.load()
        let x = try allocation.resolve(for: scenario)
        let result = try Sensitivity(
            scenario: scenario, allocation: x, options: runOptions.options(samples: samples, label: "sensitivity"),
            bootstrap: bootstrap)
        if let svg { try OutputFile.write(result.tornadoChart(scenario: scenario).svg(), to: svg, option: "--svg") }
        try emit(result.report(output.format, scenario: scenario))
    }
}
