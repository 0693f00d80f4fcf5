import AlignmentScale
import AlignmentScaleApp
import AlignmentScaleIO
import ArgumentParser
import Foundation

struct RobustCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "robust",
        abstract: "How firm the advice is when the numbers are wrong: regret over draws, firm amounts, switch points.",
        discussion: """
            Draws the scenario's uncertain numbers (and its beliefs, with belief_concentration) \
            --draws times and finds each draw's own optimum exactly. Then it scores candidate \
            allocations by their regret in each draw (how far below that draw's optimum they fall): \
            the optimum at the medians (what `optimize` prints), the allocation best on average over \
            the draws (mean-optimum), the one whose worst regret is smallest (minimax-regret), the \
            five simple rules and the scenario's allocation. It also gives, at the medians, the least \
            and most of each program an allocation within --within of the optimum can hold (which \
            amounts are firm), and the values of each uncertain number at which the funded programs \
            change (switch points).

            --discover EVENT looks for the region of draws where an event happens, as simple bounds \
            on the drawn numbers and beliefs p1..pN (peeling, as in PRIM): net-negative:ID (the \
            program's marginal value at the status quo is negative), funded:ID (the draw's optimum \
            gives it more than 1% of the budget), or regret:NAME>X (the candidate NAME loses more \
            than X, in probability units, such as regret:past-the-margin>0.01).

            The scenario needs something uncertain: a number written as "a to b" or a distribution, \
            or belief_concentration. The same --seed gives the same answer for any --threads.
            Example: alignscale robust --draws 1000 --discover funded:pause
            """)

    @OptionGroup var input: ScenarioArgument

    @Option(name: .long, parsing: .unconditional, help: "Joint draws of the uncertain numbers, each optimised on its own.")
    var draws: Int = Defaults.robustDraws

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp(
            "A regret at most this counts as near-optimal, in probability units (0.01 = one percentage point).", valueName: "ε"))
    var within: Double = Defaults.within

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Find where an event happens: net-negative:ID, funded:ID or regret:NAME>X.", valueName: "event"))
    var discover: String?

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("With --discover: the density the chosen box must reach, in (0, 1].", valueName: "d"))
    var threshold: Double = Defaults.threshold

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Write one row per draw (drawn numbers, beliefs, its optimum, each candidate's value) to this CSV file.",
            valueName: "draws.csv"))
    var export: String?

    @OptionGroup var runOptions: RunOptions

    @OptionGroup var output: FormatOption

    var request: RobustRequest {
        RobustRequest(draws: draws, seed: runOptions.seed, within: within, discover: discover, threshold: threshold)
    }

    func validate() throws {
        try check(.robust(request))
        if discover == nil && threshold != Defaults.threshold {
            throw ValidationError("--threshold applies to --discover: give an event to discover")
        }
    }

    func run() throws {
        let scenario = try input.load()
        let report = try onCommandLine(.robust(request)) {
            try AnalysisRunner.robust(request, on: scenario, context: runOptions.context)
        }
        if let export {
            let (header, rows) = report.exportRows
            try SampleExport.writeTable(to: export, header: header, rows: rows, threads: runOptions.threads)
        }
        try emit(report.rendered(output.format))
    }
}
