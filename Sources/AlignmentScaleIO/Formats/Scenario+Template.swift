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

            """ + (atMedians ? medians(of: body) : body).replacingOccurrences(of: "scenario.yaml", with: file)
    }

    /// ``defaultYAML(named:schema:atMedians:)`` with single numbers for `scenario.yaml`; a test checks
    /// that it loads back to exactly ``Scenario/atMedians`` of ``Scenario/builtinDefault``.
    public static let defaultYAMLAtMedians = defaultYAML(atMedians: true)

    /// The template with every program spread (`{triangular: [a, m, b]}`, `low to high`) replaced by
    /// its median, and the paragraph about spreads by one about single numbers.
    private static func medians(of text: String) -> String {
        var lines: [String] = []
        var inSpreadsParagraph = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("#") && line.contains("The numbers below are guesses") {
                inSpreadsParagraph = true
                lines.append("# The program numbers below are single guesses. Write any of them as a spread (above) to")
                lines.append("# see, with `alignscale sensitivity` and `alignscale robust`, whether the advice hinges on it.")
                continue
            }
            if inSpreadsParagraph {
                if line.hasPrefix("#") { continue }
                inSpreadsParagraph = false
            }
            guard line.hasPrefix("    "), let colon = line.firstIndex(of: ":") else {
                lines.append(line)
                continue
            }
            let key = line[..<colon]
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("{triangular: [") {
                let numbers = value.dropFirst("{triangular: [".count).dropLast(2).split(separator: ",")
                lines.append("\(key): " + numbers[1].trimmingCharacters(in: .whitespaces))
            } else if value.contains(" to "), let low = Double(value.components(separatedBy: " to ")[0]),
                let high = Double(value.components(separatedBy: " to ")[1])
            {
                lines.append("\(key): " + InputError.show(Distribution.ci90(low: low, high: high).median))
            } else {
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// ``defaultYAML(named:schema:)`` for `scenario.yaml`; a test checks that it loads back to
    /// exactly ``Scenario/builtinDefault``.
    public static let defaultYAML = defaultYAML()

    /// Everything after the header.
    private static let body = """
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

        # The level today's state of the art has reached on frontier models (default 3).
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
        # The numbers below are guesses, and the file says so: each program number is a spread
        # whose median is the illustrative value, and the commands without --samples use the
        # medians. The spreads are illustrative too, one rule per kind of number:
        #   scale        "s/2 to 2s": 90% within a factor of two of s (how fast money buys
        #                readiness is the least known number of all)
        #   backfire, evidence   a triangle from 0 to twice the value: from "never" to "twice as often"
        #   baseline, ceiling, misuse_reduction   a triangle reaching half way to the nearer end of [0, 1]
        # `alignscale sensitivity` and `alignscale robust` show which of them the advice hinges on.
        # Replace a spread by a single number to hold it fixed.
        programs:
          - id: rlhf
            name: RLHF
            level: 2
            baseline: {triangular: [0.925, 0.95, 0.975]}
            scale: 10 to 40
            backfire: {triangular: [0, 0.3, 0.6]}
          - id: constitutional-ai
            name: Constitutional AI
            level: 3
            baseline: {triangular: [0.775, 0.85, 0.925]}
            scale: 12.5 to 50
            backfire: {triangular: [0, 0.25, 0.5]}
          - id: scalable-oversight
            name: Scalable oversight
            level: 4
            baseline: {triangular: [0.175, 0.35, 0.525]}
            scale: 30 to 120
            backfire: {triangular: [0, 0.15, 0.3]}
            requires: [rlhf]
          - id: ai-assisted-oversight
            name: AI-assisted oversight
            level: 5
            baseline: {triangular: [0.1, 0.2, 0.3]}
            scale: 50 to 200
            backfire: {triangular: [0, 0.1, 0.2]}
            requires: [scalable-oversight]
          - id: interpretability-oversight
            name: Interpretability-based oversight
            level: 6
            baseline: {triangular: [0.05, 0.1, 0.15]}
            scale: 125 to 500
            backfire: {triangular: [0, 0.05, 0.1]}
            evidence: {triangular: [0, 0.2, 0.4]}
          - id: misalignment-experiments
            name: Contained misalignment experiments
            level: 7
            baseline: {triangular: [0.025, 0.05, 0.075]}
            scale: 200 to 800
            evidence: {triangular: [0, 0.3, 0.6]}
            requires: [interpretability-oversight]
          - id: alignment-theory
            name: Theory of misalignment generalisation
            level: 8
            baseline: {triangular: [0.015, 0.03, 0.045]}
            scale: 500 to 2000
            evidence: {triangular: [0, 0.05, 0.1]}
          - id: new-paradigm
            name: A new paradigm
            level: 9
            baseline: {triangular: [0.005, 0.01, 0.015]}
            ceiling: {triangular: [0.25, 0.5, 0.75]}
            scale: 1500 to 6000
          - id: misuse-governance
            name: Misuse governance
            kind: governance
            baseline: {triangular: [0.15, 0.3, 0.45]}
            scale: 25 to 100
            misuse_reduction: {triangular: [0.4, 0.6, 0.8]}
          - id: coordinated-pause
            name: Coordinated pause
            kind: coordination
            baseline: {triangular: [0.025, 0.05, 0.075]}
            scale: 75 to 300
            evidence: {triangular: [0, 0.5, 1]}

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
        #   start: 2026              # the year of t = 0
        #   step: 0.25               # years between points of the fan chart
        #   tai_years: 10            # years until transformative AI: a number or e.g. "4 to 25"
        #   required_now: 2.5        # the level today's frontier systems already need
        #   shape: 1                 # the required level rises as (t / tai_years)^shape
        #   reference_years: 10      # the budget and the scales are totals over this many years
        #   automation: {level: 5, factor: 1}   # factor > 1: research speeds up once a
        #                                       # technique of that level is usable
        #   gap_hazard: 0            # catastrophes per year while systems need more than the
        #                            # best usable technique offers, before transformative AI

        """
}
