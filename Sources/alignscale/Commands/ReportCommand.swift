import AlignmentScale
import AlignmentScaleApp
import AlignmentScaleIO
import ArgumentParser
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML report of a scenario: every answer as a chart, a sentence and a table.",
        discussion: """
            The report stands alone: inline styles and charts, no script, nothing fetched from \
            anywhere, and it prints cleanly on A4. Sections: what to do (what to fund, what is net-negative for whom, how firm \
            the advice is), the scale and your beliefs, the best \
            allocation against the simple rules, which programs are net-negative for whom, what \
            learning the level would be worth, and, when they apply, disputed orderings, the \
            distribution of safety under uncertainty with its tornado, the race over time, and a \
            study across nearby beliefs (--study). Each section names the command that reproduces \
            it, and the scenario itself is embedded verbatim: --extract-scenario prints it back.
            """)

    @OptionGroup var input: ScenarioArgument

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Where to write the report.", valueName: "report.html"))
    var output: String?

    @Option(name: .long, parsing: .unconditional, help: "Monte Carlo draws for the section on uncertainty (default 20000).")
    var samples: Int?

    @Option(name: .long, parsing: .unconditional, help: "Race trajectories for the race over time (default 20000).")
    var trajectories: Int?

    @Option(name: .long, parsing: .unconditional, help: "Add a study of this many belief profiles near the scenario's.")
    var study: Int?

    @OptionGroup var runOptions: RunOptions

    @Option(
        name: .customLong("extract-scenario"),
        help: ArgumentHelp("Print the scenario embedded in a report, instead of writing one.", valueName: "report.html"))
    var extractScenario: String?

    func validate() throws {
        if extractScenario == nil && output == nil {
            throw ValidationError("give -o report.html (where to write the report), or --extract-scenario REPORT")
        }
        try check(
            .report(ReportRequest(source: "", file: "", samples: samples, trajectories: trajectories, studyCases: study)),
            flags: ["cases": "--study"])
    }

    func run() throws {
        if let extractScenario {
            let data = try Document.read(extractScenario)
            try emit(ScenarioReport.extractScenario(from: String(decoding: data, as: UTF8.self), file: extractScenario))
            return
        }
        let file = try input.read()
        let source: String
        if let path = input.scenario {
            source = String(decoding: try Document.read(path), as: UTF8.self)
        } else {
            source = Scenario.defaultYAML
        }
        let request = ReportRequest(
            source: source, file: input.scenario ?? "scenario.yaml", samples: samples, trajectories: trajectories,
            studyCases: study, seed: runOptions.seed)
        let html = try file.locating {
            try AnalysisRunner.report(
                request, on: file.scenario, limits: limits, context: RunContext(threads: runOptions.threads))
        }
        try OutputFile.write(html, to: output!, option: "--output")
        try? FileHandle.standardError.write(
            contentsOf: Data("wrote \(output!) (\(html.utf8.count / 1024) kB): open it in a browser, or print it to PDF\n".utf8))
    }
}
