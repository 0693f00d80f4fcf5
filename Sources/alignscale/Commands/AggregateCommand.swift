import AlignmentScale
import AlignmentScaleIO
import AlignmentScaleStore
import ArgumentParser
import Foundation
import Logging

/// `--scenario FILE`: the scenario whose programs everyone shares (the built-in one by default).
struct SharedScenarioOption: ParsableArguments {
    @Option(name: .long, help: "The scenario whose scale and programs every respondent shares (default: the built-in one).")
    var scenario: String?

    func load() throws -> Scenario {
        guard let scenario else { return .builtinDefault }
        return try Scenario.load(contentsOf: scenario)
    }
}

struct AggregateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregate",
        abstract: "Pool many people's beliefs, and show what each side's favourite allocation costs the others.",
        discussion: """
            FILE is CSV with a header id,weight,p1,…,pN (weight optional, default 1; an optional \
            comment column) or JSON [{"id", "weight", "beliefs": [...]}]. Every respondent shares \
            the scenario's programs and differs in beliefs. Reports the linear and logarithmic \
            pools, each respondent's entropy and the mean pairwise Jensen–Shannon divergence, each \
            respondent's optimal allocation, the cross-regret matrix C[i][j] = V_i(x*_i) − \
            V_i(x*_j), and three consensus allocations: optimal under each pool, and minimax regret.
            """)

    @Argument(help: "Respondents: a CSV or JSON file.")
    var file: String

    @OptionGroup var shared: SharedScenarioOption
    @OptionGroup var output: FormatOption

    func run() throws {
        let scenario = try shared.load()
        let respondents = try RespondentFile.load(contentsOf: file, levelCount: scenario.scale.levelCount)
        try emit(
            AggregationReport(Aggregation(scenario: scenario, respondents: respondents), scenario: scenario).rendered(
                output.format))
    }
}
