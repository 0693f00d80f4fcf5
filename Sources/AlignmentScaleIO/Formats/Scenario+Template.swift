import AlignmentScale

extension Scenario {
    /// The built-in default scenario as a commented YAML file that teaches each field, as
    /// `alignscale init` writes it for `file`.
    ///
    /// - Parameters:
    ///   - schema: a JSON Schema file for editors with the YAML language server, named on the first
    ///     line so that keys are completed and checked as one types.
    ///   - atMedians: write each program number as the single number it spreads around (the
    ///     scenario ``Scenario/atMedians``) instead of as a spread.
    public static func defaultYAML(named file: String = "scenario.yaml", schema: String? = nil, atMedians: Bool = false)
        -> String
    {
        let header = schema.map { "# yaml-language-server: $schema=\($0)\n" } ?? ""
        return header + """
            # An AlignmentScale scenario. Every key is explained in the comments below; the
            # documentation's "Scenario file reference" lists each with its type and default.
            #
            # ILLUSTRATIVE NUMBERS: these values show how the model behaves. They are nobody's
            # considered estimate. Replace them with your own before drawing conclusions.
            #
            # Check it:     alignscale evaluate \(file)
            # Optimise it:  alignscale optimize \(file)

            """ + body(atMedians: atMedians).replacingOccurrences(of: "scenario.yaml", with: file)
    }

    /// ``defaultYAML(named:schema:atMedians:)`` for `scenario.yaml`; a test checks that it loads back
    /// to exactly ``Scenario/builtinDefault``.
    public static let defaultYAML = defaultYAML()

    /// ``defaultYAML(named:schema:atMedians:)`` with single numbers for `scenario.yaml`; a test checks
    /// that it loads back to exactly ``Scenario/atMedians`` of ``Scenario/builtinDefault``.
    public static let defaultYAMLAtMedians = defaultYAML(atMedians: true)

    /// The commented timeline with the core's defaults (`Timeline()`), each line's comment in one column.
    private static var timelineDefaults: String {
        let timeline = Timeline()
        func line(_ key: String, _ value: String, _ comment: String) -> String {
            let field = "\(key): \(value)"
            return "#   " + field.padding(toLength: max(25, field.count + 1), withPad: " ", startingAt: 0) + "# " + comment
        }
        let show = InputError.show
        return [
            line("start", show(timeline.start), "the year of t = 0"),
            line("step", show(timeline.step), "years between points of the fan chart"),
            line("tai_years", show(timeline.referenceYears), "years until transformative AI: a number or e.g. \"4 to 25\""),
            line("required_now", show(Timeline.defaultRequiredNow), "the level today's frontier systems already need"),
            line("shape", show(timeline.shape), "the required level rises as (t / tai_years)^shape"),
            line("reference_years", show(timeline.referenceYears), "the budget and the scales are totals over this many years"),
            "#   automation: {level: \(Timeline.defaultAutomationLevel), factor: \(show(timeline.automationFactor))}   "
                + "# factor > 1: research speeds up once a",
            "#                                       # technique of that level is usable",
            line("gap_hazard", show(timeline.gapHazard), "catastrophes per year while systems need more than the"),
            "#                            # best usable technique offers, before transformative AI",
        ].joined(separator: "\n")
    }

    /// The default's programs as the template writes them: each field in the order a reader lists
    /// it, defaults left out, an uncertain field as its spread (`{triangular: [a, m, b]}`, `low to
    /// high`) unless `atMedians`, when it is the single number the spread is around.
    private static func programsYAML(atMedians: Bool) -> String {
        let scenario = atMedians ? builtinDefault.atMedians : builtinDefault
        var lines = ["programs:"]
        for (j, program) in scenario.programs.enumerated() {
            func written(_ field: ProgramField) -> String {
                let spread = scenario.uncertainty.parameters.first { $0.target == .program(j, field) }
                return spread.map(\.distribution.description) ?? InputError.show(program[field])
            }
            lines += ["  - id: \(program.id)", "    name: \(program.name)"]
            if program.kind != .technique { lines.append("    kind: \(program.kind.rawValue)") }
            if let level = program.level { lines.append("    level: \(level)") }
            lines.append("    baseline: \(written(.baseline))")
            if program.ceiling != 1 { lines.append("    ceiling: \(written(.ceiling))") }
            lines.append("    scale: \(written(.scale))")
            for field in [ProgramField.backfire, .evidence, .misuseReduction] where program[field] != 0 {
                lines.append("    \(field.rawValue): \(written(field))")
            }
            if !program.requires.isEmpty { lines.append("    requires: [\(program.requires.joined(separator: ", "))]") }
        }
        return lines.joined(separator: "\n")
    }

    /// What the template says about the program numbers: spreads around guesses, or single guesses.
    private static func programsNote(atMedians: Bool) -> String {
        atMedians
            ? """
            # The program numbers below are single guesses. Write any of them as a spread (above) to
            # see, with `alignscale sensitivity` and `alignscale robust`, whether the advice hinges on it.
            """
            : """
            # The numbers below are guesses, and the file says so: each program number is a spread
            # whose median is the illustrative value, and the commands without --samples use the
            # medians. The spreads are illustrative too, one rule per kind of number:
            #   scale        "s/2 to 2s": 90% within a factor of two of s (how fast money buys
            #                readiness is the least known number of all)
            #   backfire, evidence   a triangle from 0 to twice the value: from "never" to "twice as often"
            #   baseline, ceiling, misuse_reduction   a triangle reaching half way to the nearer end of [0, 1]
            # `alignscale sensitivity` and `alignscale robust` show which of them the advice hinges on.
            # Replace a spread by a single number to hold it fixed.
            """
    }

    /// Everything after the header.
    private static func body(atMedians: Bool) -> String {
        """
        version: 1
        name: Illustrative default

        # Which difficulty scale the beliefs refer to: `builtin` (ten levels, see `alignscale scale`)
        # or the path of a scale file, relative to this file.
        scale: builtin

        # Your probability that each level is the true difficulty of aligning transformative AI,
        # level 1 first. They must sum to 1 (or set `normalize: true` to have them rescaled).
        # A map such as {1: 0.05, 2: 0.10, ...} works too; levels left out get 0.
        beliefs: [0.05, 0.10, 0.15, 0.15, 0.15, 0.12, 0.10, 0.08, 0.05, 0.05]

        # Resources to allocate across the programs below, in any unit (the `scale` of each
        # program is in the same unit).
        budget: 100

        # Chance that the world stops an unaligned deployment with no program's help.
        stop_baseline: 0.2

        # Chance that an aligned transformative AI still ends in catastrophe through misuse or
        # structural failure, before any program reduces it.
        misuse_baseline: 0.1

        # The level today's state of the art has reached on frontier models (default \(InputError.show(ScenarioField.defaultFrontier))).
        frontier: 3

        # Assumptions you can change (the documentation's "Assumptions" lists every one):
        #   stop_cost: 0.3             a world that stops is worth 0.7, not 1; analyses then
        #                              maximise this expected value instead of safety [0]
        #   false_alarm_baseline: 0.02 chance a world with an aligned system stops anyway [0]
        #   stop_baseline: [0.3, 0.3, 0.2, 0.2, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1]
        #                              one value per level, level 1 first, instead of one number;
        #                              misuse_baseline and each program's backfire and evidence too

        # Programs: what resources can buy. Fields, with defaults in brackets:
        #   id               unique slug
        #   name             for display [the id]
        #   kind             technique | governance | coordination | evidence [technique]
        #   level            techniques only: the level whose technique family this delivers
        #   baseline         chance it is ready in time with none of our resources, in [0, 1)
        #   ceiling          the most readiness any amount can buy, above baseline, at most 1 [1]
        #   scale            resources that cut the remaining gap to the ceiling by a factor e
        #   backfire         when usable but not enough for the true level, chance it makes an
        #                    unaligned system look safe enough to deploy [0]
        #   evidence         when usable but not enough, chance it triggers a stop on its own [0]
        #   misuse_reduction when usable, share of misuse and structural risk it removes [0]
        #   false_alarm      when usable, chance it stops a world whose system would have been
        #                    aligned (a pause on a false alarm) [0]
        #   requires         ids of programs that must also be ready for this one to be usable [[]]
        #   min, max         bounds on the allocation [0, the budget]
        #
        # Unsure of a number? stop_baseline, misuse_baseline and each program's baseline,
        # ceiling, scale, backfire, evidence and misuse_reduction may be distributions:
        #   scale: 10 to 40                  lognormal, 5% below 10 and 5% above 40
        #   backfire: {beta: [3, 7]}         also {uniform: [a, b]}, {triangular: [a, mode, b]},
        #                                    {normal: [mean, sd]}, {lognormal: [mu, sigma]}
        # and `belief_concentration: 20` draws the beliefs from a Dirichlet around them. Then run
        # `alignscale evaluate scenario.yaml --samples 10000` (commands without --samples use medians).
        # Rank correlations between uncertain parameters:
        #   correlations: [{between: [programs.rlhf.backfire, programs.constitutional-ai.backfire], rank: 0.6}]
        #
        \(programsNote(atMedians: atMedians))
        \(programsYAML(atMedians: atMedians))

        # Optional: an allocation to evaluate (id: amount). Programs left out get their minimum;
        # without this section `evaluate` and `margins` use the status quo (every minimum).
        # allocation:
        #   scalable-oversight: 40
        #   interpretability-oversight: 60

        # Optional: alternative orderings of the technique families, if you doubt the scale's.
        # The programs' own levels above are the ordering called `main`; each alternative moves
        # some techniques to other levels (null: a dead end, never sufficient) and takes a share
        # of your credence (main keeps 1 minus the alternatives' total). Every command then
        # averages over the orderings too; `alignscale voi` adds what learning the right one is worth.
        # orderings:
        #   - name: interpretability-first      # a slug, not "main"
        #     credence: 0.25                    # in [0, 1]
        #     levels:                           # only the techniques that move
        #       interpretability-oversight: 4
        #       scalable-oversight: 5
        #       ai-assisted-oversight: null     # never sufficient in this ordering
        #     # beliefs: [...]                  # optional; default: the beliefs above

        # The race over time, for `alignscale race`: optional, defaults shown.
        # timeline:
        \(timelineDefaults)

        """
    }
}
