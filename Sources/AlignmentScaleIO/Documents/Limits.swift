import AlignmentScale

/// How much work one command or one request may ask for, and the defaults both use: the one
/// place the command line and the server take them from.
///
/// A command line user owns the machine and may ask for a lot; a server answers strangers and
/// bounds every request so that none can exhaust it (``server``).
public struct Limits: Sendable, Equatable {
    /// Monte Carlo draws or race trajectories streamed through one run (memory does not grow).
    public var samples: Int
    /// Draws kept in memory at once (the sample-average optimiser, Sobol matrices).
    public var storedSamples: Int
    /// Steps of a race's fan chart (its histograms grow with them).
    public var raceSteps: Int
    /// Cases of one study.
    public var studyCases: Int
    /// Programs in one scenario.
    public var programs: Int
    /// Alternative orderings in one scenario.
    public var orderings: Int
    /// Levels of a scale.
    public var levels: Int
    /// Respondents pooled at once.
    public var respondents: Int

    public init(
        samples: Int, storedSamples: Int, raceSteps: Int, studyCases: Int, programs: Int, orderings: Int, levels: Int,
        respondents: Int
    ) {
        self.samples = samples
        self.storedSamples = storedSamples
        self.raceSteps = raceSteps
        self.studyCases = studyCases
        self.programs = programs
        self.orderings = orderings
        self.levels = levels
        self.respondents = respondents
    }

    /// On the command line: bounded only where memory or time would run away.
    public static let commandLine = Limits(
        samples: 100_000_000, storedSamples: 1_000_000, raceSteps: 20_000, studyCases: 1_000_000, programs: 1_000,
        orderings: Scenario.maximumOrderings, levels: 100, respondents: 1_000_000)

    /// On a public server: every request answered within seconds on a small machine.
    public static let server = Limits(
        samples: 1_000_000, storedSamples: 100_000, raceSteps: 20_000, studyCases: 2_000, programs: 60, orderings: 8,
        levels: 20, respondents: 10_000)

    /// Refuses a scenario larger than these limits allow.
    /// - Throws: ``InputError`` of category `.unsupported`, naming the field and the limit.
    public func check(_ file: ScenarioFile) throws {
        let scenario = file.scenario
        if scenario.programs.count > programs {
            throw file.locate(
                InputError(
                    .unsupported, path: "programs", expected: "at most \(programs) programs here",
                    found: "\(scenario.programs.count)"))
        }
        if scenario.orderings.count > orderings {
            throw file.locate(
                InputError(
                    .unsupported, path: "orderings", expected: "at most \(orderings) alternative orderings here",
                    found: "\(scenario.orderings.count)"))
        }
        if scenario.scale.levelCount > levels {
            throw file.locate(
                InputError(
                    .unsupported, path: "scale", expected: "a scale of at most \(levels) levels here",
                    found: "\(scenario.scale.levelCount) levels"))
        }
    }

    /// Refuses a count (samples, trajectories, cases) above `limit`.
    /// - Throws: ``InputError`` of category `.unsupported` at `name`.
    public static func check(_ count: Int, atMost limit: Int, name: String, what: String) throws {
        guard count <= limit else {
            throw InputError(
                .unsupported, path: FieldPath(key: name), expected: "at most \(limit) \(what) here", found: String(count))
        }
    }
}
