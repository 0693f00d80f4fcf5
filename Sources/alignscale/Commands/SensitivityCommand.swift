import AlignmentScale
import AlignmentScaleApp
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

    func request(allocation x: [Double]?) -> SensitivityRequest {
        SensitivityRequest(allocation: x, samples: samples, bootstrap: bootstrap, seed: runOptions.seed)
    }

    func validate() throws { try check(.sensitivity(request(allocation: nil))) }

    func run() throws {
        let scenario = try input.load()
        let report = try AnalysisRunner.sensitivity(
            request(allocation: try allocation.resolve(for: scenario)), on: scenario, context: runOptions.context)
        if let svg { try OutputFile.write(report.result.tornadoChart(scenario: scenario).svg(), to: svg, option: "--svg") }
        try emit(report.rendered(output.format))
    }
}
