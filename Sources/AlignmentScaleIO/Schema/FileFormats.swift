import AlignmentScale

/// The input files the tool reads, described once: the scenario and scale readers take their
/// known keys and required fields from here, and `alignscale schema` and the OpenAPI document
/// generate their JSON Schemas from the same descriptions.
public enum FileFormats {
    /// How a technique, program or ordering is named: lowercase words of letters and digits joined by hyphens.
    static let slug = Shape.text(pattern: "^[a-z0-9]+(-[a-z0-9]+)*$", maxLength: Scenario.maximumIdLength)

    /// Beliefs over the levels: a list (level 1 first) or a map level → probability (missing levels 0).
    static let beliefs = Shape.either([
        .list(.number(.nonNegative), minItems: 2),
        .map(keys: "^[1-9][0-9]*$", values: .number(.nonNegative)),
    ])

    // MARK: - Scenario

    static let program = ObjectSpec(
        title: "Program", description: "Something resources can be put into: a technique at a level, or other work.",
        keys: [
            KeySpec("id", slug, required: true, "a unique id such as 'scalable-oversight'"),
            KeySpec("name", .text(), default: "the id", "a name for display"),
            KeySpec(
                "kind", .choice(ProgramKind.allCases.map(\.rawValue)), default: "technique",
                "technique, governance, coordination or evidence (only techniques have a level)"),
            KeySpec(
                "level", .integer(NumberRange(minimum: 1)),
                "for a technique, the level of the scale whose technique family it delivers (not an impossible level)"),
            KeySpec(
                program: .baseline, .uncertain(.probabilityBelowOne), required: true,
                "the chance it is ready in time with none of our resources, in [0, 1)"),
            KeySpec(
                program: .ceiling, .uncertain(.probability),
                "the most readiness any amount of resources can buy, above the baseline and at most 1"),
            KeySpec(
                program: .scale, .uncertain(.positive), required: true,
                "the resources that cut the remaining gap to the ceiling by a factor e (> 0)"),
            KeySpec(
                program: .backfire, byLevel,
                "when usable but not enough for the true level, the chance it makes an unaligned system look safe "
                    + "(or a list: its value in worlds of level 1, 2, …)"),
            KeySpec(
                program: .evidence, byLevel,
                "when usable but not enough, the chance it triggers a stop of an unaligned deployment on its own "
                    + "(or a list: its value in worlds of level 1, 2, …)"),
            KeySpec(
                "false_alarm", .number(.probability), default: "0",
                "when usable, the chance it stops a world whose system would have been aligned (a pause on a false alarm)"),
            KeySpec(
                program: .misuseReduction, .uncertain(.probability),
                "when usable, the share of misuse and structural risk it removes"),
            KeySpec("requires", .list(slug), default: "[]", "ids of programs that must also be ready for this one to be usable"),
            KeySpec("min", .number(.nonNegative), default: "0", "the least it receives (the status quo spends exactly this)"),
            KeySpec("max", .number(.nonNegative), default: "the budget", "the most it may receive"),
        ])

    static let correlation = ObjectSpec(
        title: "Correlation", description: "A rank correlation between two uncertain parameters.",
        keys: [
            KeySpec(
                "between", .list(.text(), minItems: 2, maxItems: 2), required: true,
                "two parameter paths such as programs.rlhf.baseline or stop_baseline"),
            KeySpec(
                "rank", .number(NumberRange(minimum: -1, maximum: 1)), required: true, "Spearman's rank correlation, in [-1, 1]"),
        ])

    static let automation = ObjectSpec(
        title: "Automation", description: "AI research assistance: research speeds up once a technique of this level is usable.",
        keys: [
            KeySpec(
                "level", .integer(NumberRange(minimum: 1)), default: String(Timeline.defaultAutomationLevel),
                "the level whose usable technique starts it"),
            KeySpec(
                "factor", .number(.positive), default: InputError.show(unsaidTimeline.automationFactor),
                "how much faster programs not yet ready become (1 = off)"),
        ])

    /// A timeline that says nothing: the core's defaults, which the timeline's keys state.
    private static let unsaidTimeline = Timeline()

    /// The timeline's keys; each default is the core's (`unsaidTimeline`).
    static let timeline = ObjectSpec(
        title: "Timeline", description: "The race over time: when transformative AI arrives and how the needed level rises.",
        keys: [
            KeySpec("start", .number(.any), default: InputError.show(unsaidTimeline.start), "the calendar year of t = 0"),
            KeySpec(
                "step", .number(NumberRange(minimum: 0, maximum: 100, exclusiveMinimum: true)),
                default: InputError.show(unsaidTimeline.step), "years between the points of the fan chart, in (0, 100]"),
            KeySpec(
                "tai_years", .uncertain(NumberRange(minimum: 0, maximum: Timeline.maximumYears, exclusiveMinimum: true)),
                default: "reference_years",
                "years until transformative AI: a number or a distribution of positive values (99th percentile at most 1000)"),
            KeySpec(
                "required_now", .number(NumberRange(minimum: 1)), default: InputError.show(Timeline.defaultRequiredNow),
                "the level today's frontier systems already need"),
            KeySpec(
                "shape", .number(.positive), default: InputError.show(unsaidTimeline.shape),
                "how the needed level rises: (t / tai_years)^shape"),
            KeySpec(
                "reference_years", .number(.positive), default: InputError.show(unsaidTimeline.referenceYears),
                "the years the budget and the scales are totals over"),
            KeySpec("automation", .object(automation), "AI research assistance"),
            KeySpec(
                "gap_hazard", .number(.nonNegative), default: InputError.show(unsaidTimeline.gapHazard),
                "per year: while a gap is open before transformative AI arrives, the rate at which a catastrophe happens"),
        ])

    /// A probability that may be a distribution, or a list of such: its value in worlds of level 1, 2, ….
    static let byLevel: Shape = .either([.uncertain(.probability), .list(.uncertain(.probability), minItems: 1)])

    /// A test of a threshold: what it says, and how reliable it is.
    /// - Parameter instead: what the shorthand stands in for (a likelihood, or outcomes).
    static func thresholdTest(insteadOf instead: String) -> [KeySpec] {
        [
            KeySpec(
                // No pattern: the reader checks the statement and says where it is wrong, and a
                // pattern this narrow starves generators of valid data (Schemathesis).
                "says", .text(),
                "instead of \(instead): the threshold a test tells about, \"k > t\" or \"k <= t\""),
            KeySpec("sensitivity", .number(.probability), "with says: P(it says so | it is true)"),
            KeySpec("specificity", .number(.probability), "with says: P(it does not say so | it is false)"),
        ]
    }

    static let observation = ObjectSpec(
        title: "Observation",
        description:
            "Evidence already seen: its likelihood at each level, or a test of a threshold with its sensitivity and specificity.",
        keys: [
            KeySpec("name", slug, required: true, "a unique name for the observation, a slug"),
            KeySpec(
                "likelihood", .list(.number(.probability), minItems: 1),
                "P(seeing this | the true level is k), one value per level, level 1 first"),
        ] + thresholdTest(insteadOf: "a likelihood"))

    static let outcome = ObjectSpec(
        title: "Outcome", description: "One outcome of an experiment and its likelihood at each level.",
        keys: [
            KeySpec("name", slug, required: true, "a name for the outcome, a slug unique within the experiment"),
            KeySpec(
                "likelihood", .list(.number(.probability), minItems: 1), required: true,
                "P(this outcome | the true level is k), one value per level; the outcomes sum to 1 at every level"),
        ])

    static let experiment = ObjectSpec(
        title: "Experiment",
        description:
            "An experiment that could be run before spending: its cost and its outcomes, or a test of a threshold.",
        keys: [
            KeySpec("id", slug, required: true, "a unique id, a slug"),
            KeySpec("cost", .number(.nonNegative), default: "0", "what running it costs, in budget units"),
            KeySpec(
                "outcomes", .list(.object(outcome), minItems: 2),
                "its outcomes with their likelihoods (with says: says and does-not-say)"),
        ] + thresholdTest(insteadOf: "outcomes"))

    static let ordering = ObjectSpec(
        title: "Ordering", description: "An alternative ordering of the technique families, with a share of the credence.",
        keys: [
            KeySpec("name", slug, required: true, "a name for the ordering, such as 'interpretability-first' (not 'main')"),
            KeySpec("credence", .number(.probability), required: true, "the credence in this ordering, in [0, 1]"),
            KeySpec(
                "levels", .map(keys: slug.pattern!, values: .either([.integer(NumberRange(minimum: 1)), .null])), required: true,
                "the techniques whose level differs in this ordering, as id: level (null: never sufficient)"),
            KeySpec("beliefs", beliefs, default: "the scenario's beliefs", "beliefs over the levels under this ordering"),
        ])

    /// A scenario file (the documentation catalog's ScenarioFileReference.md describes it for users).
    /// - Parameter scaleFiles: whether `scale` may name a file (not in a request to a server).
    public static func scenario(scaleFiles: Bool) -> ObjectSpec {
        let scale: Shape = .either(
            [.choice(["builtin"]), .object(FileFormats.scale)] + (scaleFiles ? [.text(pattern: "\\S")] : []))
        return ObjectSpec(
            title: "Scenario",
            description:
                "An AlignmentScale scenario: beliefs about how hard alignment is, a budget and the programs it can buy.",
            keys: [
                KeySpec(.version, .constant(1), default: "1", "the file format's version: 1"),
                KeySpec(.name, .text(), "a name for the scenario"),
                KeySpec(
                    .scale, scale, default: "builtin",
                    scaleFiles
                        ? "builtin, a scale given inline, or the path of a scale file relative to this one"
                        : "builtin, or a scale given inline (a server reads no files)"),
                KeySpec(
                    .beliefs, beliefs, required: true,
                    "the probability of each level of the scale, level 1 first (or a map level: probability)"),
                KeySpec(.normalize, .boolean, default: "false", "rescale beliefs that do not sum to 1"),
                KeySpec(
                    .beliefConcentration, .number(.positive),
                    "κ: Monte Carlo draws the beliefs from a Dirichlet(κ·beliefs) around them"),
                KeySpec(.budget, .number(.nonNegative), required: true, "the resources to allocate, a number ≥ 0"),
                KeySpec(
                    .stopBaseline, FileFormats.byLevel,
                    "the chance the world stops an unaligned deployment with no program's help (or a list by level)"),
                KeySpec(
                    .misuseBaseline, FileFormats.byLevel,
                    "the chance an aligned transformative AI still ends in catastrophe through misuse or structural failure "
                        + "(or a list by level)"),
                KeySpec(
                    .stopCost, .number(.probability),
                    "the value of a world that stopped, against 1 for a good outcome and 0 for a catastrophe; above 0, every "
                        + "optimisation maximises the expected value instead of safety"),
                KeySpec(
                    .falseAlarmBaseline, .number(.probability),
                    "the chance a world whose system would have been aligned stops anyway"),
                KeySpec(
                    .frontier, .number(NumberRange(minimum: 1)),
                    "the level today's state of the art has reached on frontier models"),
                KeySpec(.programs, .list(.object(program), minItems: 1), required: true, "a list of programs"),
                KeySpec(
                    .allocation, .map(keys: slug.pattern!, values: .number(.nonNegative)),
                    "an allocation to evaluate, as id: amount (programs left out get their minimum)"),
                KeySpec(.correlations, .list(.object(correlation)), "rank correlations between uncertain parameters"),
                KeySpec(.timeline, .object(timeline), "the race over time"),
                KeySpec(
                    .orderings, .list(.object(ordering), maxItems: Scenario.maximumOrderings),
                    "alternative orderings of the technique families"),
                KeySpec(
                    .evidence, .list(.object(observation)),
                    "observations already seen; every analysis runs on the beliefs they give"),
                KeySpec(
                    .experiments, .list(.object(experiment)),
                    "experiments that could be run before spending; voi says what each is worth"),
            ])
    }

    // MARK: - Scale

    static let level = ObjectSpec(
        title: "Level", description: "One level of the scale.",
        keys: [
            KeySpec("level", .integer(NumberRange(minimum: 1)), required: true, "the level's number, 1..N"),
            KeySpec("name", .text(pattern: "\\S"), required: true, "the level's name"),
            KeySpec("technique", .text(), "the technique family that suffices at this level"),
            KeySpec("band", .choice(Band.allCases.map(\.rawValue)), required: true, "green, orange, red or black"),
            KeySpec("summary", .text(), "a sentence on what the level means"),
            KeySpec("risks", .list(.text()), "the risks that dominate at this level"),
            KeySpec("impossible", .boolean, default: "false", "whether no technique suffices (the top level only)"),
        ])

    static let threshold = ObjectSpec(
        title: "Threshold", description: "A named threshold between two adjacent levels.",
        keys: [
            KeySpec("after", .integer(NumberRange(minimum: 1)), required: true, "the level below the threshold"),
            KeySpec("name", .text(), required: true, "the threshold's name"),
            KeySpec("meaning", .text(), "a sentence on what crossing it means"),
        ])

    static let failureMode = ObjectSpec(
        title: "FailureMode", description: "A way alignment can fail, and the levels whose techniques address it.",
        keys: [
            KeySpec("name", .text(), required: true, "the failure mode's name"),
            KeySpec(
                "first_addressed_at", .either([.integer(NumberRange(minimum: 1)), .null]), required: true,
                "the first level whose technique addresses it, or null for none"),
            KeySpec("covered_by", .list(.integer(NumberRange(minimum: 1))), "every level that addresses it (monotone)"),
        ])

    /// A scale file: the shape `alignscale scale --format json` prints.
    public static let scale = ObjectSpec(
        title: "Scale", description: "An ordinal scale of how hard it is to align transformative AI.",
        keys: [
            KeySpec("levels", .list(.object(level), minItems: 2), required: true, "a list of levels"),
            KeySpec("thresholds", .list(.object(threshold)), "thresholds between levels"),
            KeySpec("failure_modes", .list(.object(failureMode)), "failure modes and the levels that address them"),
        ])

    // MARK: - Respondents

    /// One respondent of a respondents file (JSON; a CSV file has the same columns).
    public static let respondent = ObjectSpec(
        title: "Respondent", description: "One person's beliefs about the levels.",
        keys: [
            KeySpec(
                "id", .text(pattern: "^[A-Za-z0-9._-]+$", maxLength: Respondent.maximumIdBytes), required: true,
                "a unique id of letters, digits and -_."),
            KeySpec(
                "weight", .number(NumberRange(minimum: 0, maximum: Respondent.maximumWeight, exclusiveMinimum: true)),
                default: "1", "the weight in the pools, in (0, 1e6]"),
            KeySpec(
                "beliefs", .list(.number(.nonNegative), minItems: 2), required: true, "one probability per level, summing to 1"),
            KeySpec(
                "comment", .either([.text(maxLength: Respondent.maximumCommentBytes), .null]),
                "an optional comment (at most 2000 bytes)"),
        ])

    /// One survey answer as the public posts it: a respondent over the built-in scale without a
    /// weight (only the administrator sets weights) and with an optional id (a new one by default).
    /// A comment's bytes cannot be counted by a schema: 500 characters are at most 2000 bytes.
    public static let surveyResponse = ObjectSpec(
        title: "Response", description: "One survey answer.",
        keys: [
            KeySpec(
                "id", .text(pattern: "^[A-Za-z0-9._-]+$", maxLength: Respondent.maximumIdBytes), default: "a new random one",
                "a unique id of letters, digits and -_."),
            KeySpec(
                "beliefs",
                .list(.number(.probability), minItems: Scale.builtin.levelCount, maxItems: Scale.builtin.levelCount),
                required: true, "one probability per level, summing to 1"),
            KeySpec(
                "comment",
                .either([
                    .text(
                        pattern:
                            "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u00AD\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u206F\\uFEFF\\uFFFE\\uFFFF]*$",
                        maxLength: Respondent.maximumCommentBytes / 4),
                    .null,
                ]),
                "an optional comment: at most 2000 bytes, without control characters other than line breaks and tabs, and without invisible formatting characters (direction marks and overrides, zero-width characters, byte order marks) or noncharacters"
            ),
        ])
}

extension Shape {
    /// The pattern of a text shape.
    var pattern: String? {
        if case .text(let pattern, _) = self { return pattern }
        return nil
    }
}
