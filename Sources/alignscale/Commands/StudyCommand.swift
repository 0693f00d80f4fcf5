import AlignmentScale
import AlignmentScaleApp
import AlignmentScaleIO
import ArgumentParser
import Foundation

struct StudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract:
            "The source's two questions across many beliefs: what the optimum gives, and whether to promote anything past the margin.",
        discussion: """
            Draws --cases belief profiles (each from a Dirichlet around the scenario's beliefs with \
            concentration --concentration, or evenly over all profiles with --beliefs uniform) and, \
            when the scenario has uncertain parameters, one draw of them per case (--parameters \
            medians holds them at their medians instead, so that only beliefs vary). For each case it \
            computes exactly the optimal allocation, the five simple rules' safety, and every \
            program's marginal value at the status quo and at the optimum. It reports each rule's \
            regret (mean, median, 95th percentile, how often within 1 pp, how often the best rule), \
            whether every technique past the frontier has a positive marginal value (at the status quo \
            and at the optimum), each program's chance of being funded, and the optimal shares against \
            the expected difficulty E[k]. The same --seed gives the same study for any --threads.
            """)

    @OptionGroup var input: ScenarioArgument

    @Option(name: .long, parsing: .unconditional, help: "Belief profiles to draw.")
    var cases: Int = Defaults.studyCases

    @Option(
        name: .long, parsing: .unconditional,
        help:
            "κ of the Dirichlet around the scenario's beliefs: small spreads widely, large stays close (default: the scenario's belief_concentration, else 2)."
    )
    var concentration: Double?

    /// How `--beliefs` draws the belief profiles.
    enum BeliefMode: String, ExpressibleByArgument, CaseIterable {
        /// Evenly over every profile (a flat Dirichlet) instead of around the scenario's beliefs.
        case uniform
    }

    @Option(name: .long, help: "uniform: draw belief profiles evenly instead of around the scenario's beliefs.")
    var beliefs: BeliefMode?

    @Option(
        name: .long,
        help:
            "drawn: each case draws the scenario's uncertain numbers (default); medians: hold them at their medians, so only beliefs vary."
    )
    var parameters: StudyRequest.ParameterMode = .drawn

    @Option(
        name: .long,
        help: ArgumentHelp(
            "quick: search each case's optimum from a few starts, and from every start where they disagree (default); full: from every start.",
            discussion: """
                quick searches each case from \(Study.quickSearchStarts), and from every start only when \
                those reach optima more than 1e-9 apart in safety. It takes about half the time of full. \
                Agreement is evidence, not proof: a better optimum could still hide where none of the few \
                starts leads. full searches every case with `optimize`'s multi-start optimiser, from \
                every one of its starts and the five rules' allocations. The output says which search \
                ran, and for quick how many cases needed every start.
                """))
    var search: Optimizer.Search = Defaults.studySearch

    @OptionGroup var runOptions: RunOptions

    @Option(name: .long, help: ArgumentHelp("Write one row per case to this CSV file.", valueName: "cases.csv"))
    var export: String?

    @Option(name: .long, help: ArgumentHelp("Write the study's charts as SVG files into this folder.", valueName: "folder"))
    var svg: String?

    @OptionGroup var output: FormatOption

    var request: StudyRequest {
        StudyRequest(
            cases: cases, seed: runOptions.seed,
            beliefs: beliefs == .uniform ? .uniform : concentration.map { .concentrated($0) },
            parameters: parameters, search: search)
    }

    func validate() throws {
        if beliefs != nil && concentration != nil {
            throw ValidationError("--concentration and --beliefs uniform draw beliefs two different ways: give one")
        }
        try check(.study(request))
    }

    func run() throws {
        let report = AnalysisRunner.study(request, on: try input.load(), context: runOptions.context)
        // The scenario as studied (at its medians with --parameters medians): the export's columns follow it.
        let scenario = report.scenario
        if let export {
            let (header, rows) = report.study.exportRows(scenario: scenario)
            try SampleExport.writeTable(to: export, header: header, rows: rows, threads: runOptions.threads)
        }
        if let svg {
            for (name, chart) in report.study.charts(scenario: scenario) {
                try FileManager.default.createDirectory(atPath: svg, withIntermediateDirectories: true)
                try OutputFile.write(chart, to: svg + "/" + name, option: "--svg")
            }
        }
        try emit(report.rendered(output.format))
    }
}

extension StudyRequest.ParameterMode: ExpressibleByArgument {}
extension Optimizer.Search: ExpressibleByArgument {}
