import AlignmentScale
import AlignmentScaleApp
import AlignmentScaleIO
import ArgumentParser
import Foundation

extension OutputFormat: ExpressibleByArgument {}

/// `--format`, shared by every command.
struct FormatOption: ParsableArguments {
    @Option(name: .long, help: "Output format: table (for reading), markdown, json (for scripts) or csv.")
    var format: OutputFormat = .table

    /// Colour only for a table on a terminal, and never when NO_COLOR is set (https://no-color.org).
    var palette: Palette {
        Palette(enabled: format == .table && isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
    }
}

/// The optional scenario file argument, shared by the analysis commands.
struct ScenarioArgument: ParsableArguments {
    @Argument(help: "A scenario file (YAML or JSON). Without one, the built-in illustrative scenario is used.")
    var scenario: String?

    func load() throws -> Scenario { try read().scenario }

    /// The scenario with the positions of its fields, for errors found after reading.
    func read() throws -> ScenarioFile {
        guard let scenario else { return .builtinDefault }
        return try ScenarioFile(contentsOf: scenario)
    }

    var label: String { scenario ?? "built-in default" }
}

/// `--allocation id=amount,...`, overriding the scenario's own allocation.
struct AllocationOption: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "An allocation to use instead of the scenario's, as id=amount pairs separated by commas.",
            discussion:
                "Programs left out get their minimum. Example: --allocation scalable-oversight=40,interpretability-oversight=60",
            valueName: "id=amount,..."))
    var allocation: String?

    /// The allocation in program order, or `nil` when the flag is absent.
    func resolve(for scenario: Scenario) throws -> [Double]? {
        guard let allocation else { return nil }
        return try OptionText.allocation(allocation, for: scenario, path: "--allocation")
    }
}

/// Prints a finished report in one checked write, so a failure never leaves partial output and
/// a full disk or closed pipe is an error, not a silent loss.
/// - Throws: ``OutputError``.
func emit(_ text: String) throws {
    try StandardOutput.write(text)
}

/// `--threads`: how many threads a command's independent pieces of work use.
struct ThreadsOption: ParsableArguments {
    @Option(
        name: .customLong("threads"), parsing: .unconditional,
        help: ArgumentHelp("Worker threads (default: the number of cores).", valueName: "threads"))
    var threadCount: Int?

    /// `--threads`, or one per core.
    var threads: Int { threadCount ?? ProcessInfo.processInfo.activeProcessorCount }

    func validate() throws {
        if threads < 1 || threads > 256 {
            throw ValidationError("--threads must be between 1 and 256 (found \(threads))")
        }
    }
}

/// `--seed`, `--threads`, `--quiet`: how any random run is drawn.
struct RunOptions: ParsableArguments {
    @Option(
        name: .long, parsing: .unconditional,
        help: "Seed of the random numbers. The same seed gives the same output to the last digit, whatever --threads is.")
    var seed: UInt64 = Defaults.seed

    @OptionGroup var threadOption: ThreadsOption

    /// `--threads`, or one per core.
    var threads: Int { threadOption.threads }

    @Flag(name: .long, help: "No progress bar on stderr.")
    var quiet = false

    /// How a request runs here: on `--threads` threads, with a progress bar when stderr is a
    /// terminal (unless `--quiet`).
    var context: RunContext {
        guard !quiet else { return RunContext(threads: threads) }
        let progress: @Sendable (String, Int) -> (@Sendable (Int) -> Void)? = { label, total in
            guard let bar = ProgressBar.onTerminal(label: label, total: total) else { return nil }
            return { bar.update($0) }
        }
        return RunContext(threads: threads, progress: progress)
    }
}

/// The command line's limits.
let limits = Limits.commandLine

/// The flag of a request's option: the application layer names options as the API's query does
/// (`later_value`); the command line says `--` and the name with hyphens (`--later-value`), unless
/// `flags` gives the command's own name for it (`cases` is `--study` in `report`).
func flag(of option: String, flags: [String: String] = [:]) -> String {
    flags[option] ?? "--" + option.replacingOccurrences(of: "_", with: "-")
}

/// Checks a request's options as the runner will, before anything is read, worded with the
/// command line's flags (`--cases must be at most …`).
/// - Throws: `ValidationError`, so that the usage is shown.
func check(_ request: AnalysisRequest, flags: [String: String] = [:]) throws {
    do {
        try request.validate(limits: limits)
    } catch let error as InputError {
        throw ValidationError(
            "\(flag(of: error.path.description, flags: flags)) must be \(error.expected) (found \(error.found))")
    }
}

/// Runs `body`, saying a request option's flag in any error about it that the run finds (an
/// experiment the scenario does not list, an event `--discover` cannot read). Option names that
/// are also scenario fields (`allocation`) are left alone: those errors are about the file.
func onCommandLine<T>(_ request: AnalysisRequest, _ body: () throws -> T) throws -> T {
    let options = Set(AnalysisQuery.parameters(for: request.kind)).subtracting(ScenarioField.allCases.map(\.rawValue))
    do {
        return try body()
    } catch var error as InputError where options.contains(error.path.description) {
        error.path = FieldPath(key: flag(of: error.path.description))
        throw error
    }
}

/// Runs a request on the command line's limits and prints its report in `format`.
func emit(_ request: AnalysisRequest, on file: ScenarioFile, context: RunContext, format: OutputFormat) throws {
    let report = try onCommandLine(request) {
        try file.locating { try AnalysisRunner.run(request, on: file.scenario, limits: limits, context: context) }
    }
    try emit(report.rendered(format))
}

/// `--samples` and the run options: Monte Carlo over the scenario's uncertain parameters
/// (AlignmentScale.docc/UncertainParameters.md).
struct SamplingOptions: ParsableArguments {
    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp(
            "Monte Carlo: draw the scenario's uncertain parameters this many times.",
            discussion: "Without it, uncertain parameters are taken at their medians and the result is exact."))
    var samples: Int?

    @OptionGroup var run: RunOptions
}

/// A one-line progress bar on stderr, shown only on a terminal and only once a job has run for a
/// second, so quick runs and pipes stay clean.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let total: Int
    private let start = Date()
    private var shown = false

    private init(label: String, total: Int) {
        self.label = label
        self.total = total
    }

    /// A bar when stderr is a terminal, else `nil`.
    static func onTerminal(label: String, total: Int) -> ProgressBar? {
        isatty(STDERR_FILENO) == 1 ? ProgressBar(label: label, total: total) : nil
    }

    func update(_ done: Int) {
        let elapsed = Date().timeIntervalSince(start)
        guard elapsed >= 1 || shown else { return }
        shown = true
        let fraction = Double(done) / Double(max(total, 1))
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        var line = "\r\(label) \(bar) \(Int(fraction * 100))% (\(done)/\(total), \(String(format: "%.1f", elapsed)) s)"
        if done >= total { line += "\r\u{1B}[2K" }
        try? FileHandle.standardError.write(contentsOf: Data(line.utf8))
    }
}
