import AlignmentScale
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

    func load() throws -> Scenario {
        guard let scenario else { return .builtinDefault }
        return try Scenario.load(contentsOf: scenario)
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
        var map: [String: Double] = [:]
        for pair in allocation.split(separator: ",", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else {
                throw InputError(path: "--allocation", expected: "id=amount pairs separated by commas", found: "'\(pair)'")
            }
            guard let amount = Double(parts[1]), amount.isFinite else {
                throw InputError(path: "--allocation.\(parts[0])", expected: "a finite number", found: "'\(parts[1])'")
            }
            guard map.updateValue(amount, forKey: parts[0]) == nil else {
                throw InputError(path: "--allocation.\(parts[0])", expected: "each program at most once", found: "a repeat")
            }
        }
        guard !map.isEmpty else {
            throw InputError(path: "--allocation", expected: "at least one id=amount pair", found: "nothing")
        }
        return try scenario.checked(allocation: map, path: "--allocation")
    }
}

/// Prints a finished report in one write, so a failure never leaves partial output.
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
