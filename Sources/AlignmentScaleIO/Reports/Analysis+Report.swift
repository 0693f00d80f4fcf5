import AlignmentScale

/// Helpers shared by the analysis reports.
extension Scenario {
    var titleLine: String { name.isEmpty ? "Scenario" : "Scenario: \(name)" }

    public func allocationJSON(_ x: [Double]) -> JSONValue {
        .object(zip(programs, x).map { ($0.id, .number($1)) })
    }

    func levelLabel(_ program: Program) -> String {
        program.level.map(String.init) ?? program.kind.rawValue
    }
}

extension Evaluation {
    /// Whether the scenario has alternative orderings worth listing.
    var hasOrderings: Bool { orderings.count > 1 }

    /// The stable JSON of `alignscale evaluate` (MODEL.md §10), with `orderings` added when the
    /// scenario has alternative orderings (MODEL.md §11).
    public var json: JSONValue {
        guard hasOrderings, case .object(var fields) = baseJSON else { return baseJSON }
        fields.append(
            (
                "orderings",
                .array(
                    orderings.map {
                        .object([("name", .string($0.name)), ("credence", .number($0.credence)), ("safety", .number($0.safety))])
                    })
            ))
        return .object(fields)
    }

    private var baseJSON: JSONValue {
        JSONValue.object([
            ("safety", .number(safety)), ("risk", .number(risk)),
            (
                "levels",
                .array(
                    levels.map {
                        .object([
                            ("level", .integer($0.level)), ("belief", .number($0.belief)), ("safety", .number($0.safety)),
                        ])
                    })
            ),
            (
                "programs",
                .array(
                    programs.map {
                        .object([
                            ("id", .string($0.id)), ("allocation", .number($0.allocation)),
                            ("readiness", .number($0.readiness)),
                        ])
                    })
            ),
        ])
    }

    /// - Parameter allocationLabel: how the allocation was chosen, for the table's heading.
    public func report(_ format: OutputFormat, scenario: Scenario, allocationLabel: String) -> String {
        switch format {
        case .json:
            return json.rendered()
        case .csv:
            var table = TextTable(["id", "allocation", "readiness"])
            for row in programs { table.append([row.id, "\(row.allocation)", "\(row.readiness)"]) }
            guard hasOrderings else { return table.csv() }
            // With orderings, a second table after a blank line: safety if each ordering is the true one.
            var byOrdering = TextTable(["ordering", "credence", "safety"])
            for row in orderings { byOrdering.append([row.name, "\(row.credence)", "\(row.safety)"]) }
            return table.csv() + "\n" + byOrdering.csv()
        case .table, .markdown:
            var levelTable = TextTable(
                ["level", "name", "band", "belief", "P(safe | level)"], alignments: [.right, .left, .left, .right, .right])
            for row in levels {
                let level = scenario.scale.level(row.level)
                levelTable.append([
                    String(row.level), Scale.truncate(level.name, 40), level.band.rawValue, Show.percent(row.belief),
                    Show.percent(row.safety),
                ])
            }
            var programTable = TextTable(
                ["program", "level", "allocation", "", "readiness"], alignments: [.left, .left, .right, .left, .right])
            for (row, program) in zip(programs, scenario.programs) {
                programTable.append([
                    row.id, scenario.levelLabel(program), Show.amount(row.allocation),
                    Show.bar(scenario.budget > 0 ? row.allocation / scenario.budget : 0, width: 20), Show.percent(row.readiness),
                ])
            }
            let md = format == .markdown
            let render = { (t: TextTable) in md ? t.markdown() : t.text() }
            var orderingSection = ""
            if hasOrderings {
                var orderingTable = TextTable(
                    ["ordering", "credence", "P(safe | ordering)"], alignments: [.left, .right, .right])
                for row in orderings {
                    orderingTable.append([row.name, Show.percent(row.credence), Show.percent(row.safety)])
                }
                orderingSection = """
                    \(md ? "### " : "")By ordering of the technique families (safety if each ordering is the true one)
                    \(render(orderingTable))
                    """ + "\n"
            }
            return """
                \(md ? "## " : "")\(scenario.titleLine)
                Allocation: \(allocationLabel) (budget \(Show.amount(scenario.budget)), spent \(Show.amount(programs.reduce(0) { $0 + $1.allocation })))

                Safety \(Show.percent(safety)): the chance that transformative AI goes well under these beliefs.
                Risk of catastrophe \(Show.percent(risk)).

                \(md ? "### " : "")By true level of difficulty\(hasOrderings ? " (averaged over the orderings)" : "")
                \(render(levelTable))
                \(orderingSection)\(md ? "### " : "")Programs (readiness: chance each is ready in time)
                \(render(programTable))
                """
        }
    }
}

extension OptimizationReport {
    public func report(_ format: OutputFormat, scenario: Scenario) -> String {
        let ids = scenario.programs.map(\.id)
        switch format {
        case .json:
            return JSONValue.object([
                ("safety", .number(safety)), ("risk", .number(1 - safety)),
                ("allocation", scenario.allocationJSON(allocation)), ("multiplier", .number(multiplier)),
                (
                    "kkt",
                    .object([
                        ("holds", .bool(optimum.kkt.holds())), ("violation", .number(optimum.kkt.violation)),
                        ("relative_violation", .number(optimum.kkt.relativeViolation)), ("slack", .number(optimum.kkt.slack)),
                        ("positions", .object(zip(ids, optimum.kkt.positions).map { ($0, .string($1.rawValue)) })),
                    ])
                ),
                ("marginals", .object(zip(ids, optimum.gradient).map { ($0, .number($1)) })),
                ("starts", .integer(optimum.starts)),
                (
                    "heuristics",
                    .array(
                        heuristics.map {
                            .object([
                                ("name", .string($0.heuristic.rawValue)), ("safety", .number($0.safety)),
                                ("regret", .number($0.regret)), ("allocation", scenario.allocationJSON($0.allocation)),
                            ])
                        })
                ),
            ]).rendered()
        case .csv:
            var table = TextTable(["id", "optimal"] + heuristics.map(\.heuristic.rawValue))
            for (j, id) in ids.enumerated() {
                table.append([id, "\(allocation[j])"] + heuristics.map { "\($0.allocation[j])" })
            }
            table.append(["safety", "\(safety)"] + heuristics.map { "\($0.safety)" })
            return table.csv()
        case .table, .markdown:
            let md = format == .markdown
            var programTable = TextTable(
                ["program", "level", "amount", "", "marginal (pp/unit)"], alignments: [.left, .left, .right, .left, .right])
            for (j, program) in scenario.programs.enumerated() {
                programTable.append([
                    program.id, scenario.levelLabel(program), Show.amount(allocation[j]),
                    Show.bar(scenario.budget > 0 ? allocation[j] / scenario.budget : 0), Show.small(100 * optimum.gradient[j]),
                ])
            }
            var heuristicTable = TextTable(["heuristic", "safety", "loses", "rule"], alignments: [.left, .right, .right, .left])
            for row in heuristics {
                heuristicTable.append([
                    row.heuristic.rawValue, Show.percent(row.safety, digits: 2), Show.loss(row.regret),
                    row.heuristic.explanation,
                ])
            }
            let render = { (t: TextTable) in md ? t.markdown() : t.text() }
            let statusQuo = heuristics.first { $0.heuristic == .statusQuo }?.safety ?? safety
            let kkt = optimum.kkt
            return """
                \(md ? "## " : "")\(scenario.titleLine)
                Best allocation of a budget of \(Show.amount(scenario.budget)): safety \(Show.percent(safety, digits: 2)), risk \(Show.percent(1 - safety, digits: 2)).
                That is \(Show.points(safety - statusQuo)) over the status quo (\(Show.percent(statusQuo, digits: 2))).

                \(render(programTable))
                One more unit of budget would add \(Show.small(100 * multiplier)) pp of safety (the multiplier λ).
                Optimality check (KKT): \(kkt.holds() ? "holds" : "NOT met") — marginals equal λ inside the bounds, \
                largest deviation \(Show.small(kkt.relativeViolation)) of the largest marginal. Best of \(optimum.starts) starts.

                \(md ? "### " : "")What simple rules lose against this optimum
                \(render(heuristicTable))
                """
        }
    }
}

extension Margins {
    /// - Parameter sampled: Monte Carlo margins at the same allocation, added to every format.
    public func report(_ format: OutputFormat, scenario: Scenario, atLabel: String, sampled: SampledMargins? = nil) -> String {
        func index(_ id: String) -> Int { scenario.index(of: id)! }
        func draws(_ id: String) -> SampledMargins.ProgramMargin? { sampled?.programs[index(id)] }
        switch format {
        case .json:
            let samplingFields: [(String, JSONValue)] =
                sampled.map { [("samples", .integer($0.samples)), ("seed", .number(Double($0.seed)))] } ?? []
            return JSONValue.object(
                samplingFields + [
                    ("at", .string(atLabel)), ("safety", .number(safety)), ("allocation", scenario.allocationJSON(allocation)),
                    (
                        "programs",
                        .array(
                            programs.map {
                                .object(
                                    [
                                        ("id", .string($0.id)), ("marginal", .number($0.marginal)),
                                        ("net_negative", .bool($0.netNegative)),
                                        ("critical_probability", .number($0.criticalProbability)),
                                        ("harder_probability", .number($0.harderProbability)),
                                        ("easier_value", .number($0.easierValue)),
                                        ("harder_value", .number($0.harderValue)),
                                    ]
                                        + (draws($0.id).map { d in
                                            [
                                                ("mean_marginal", .number(d.meanMarginal)),
                                                ("mean_marginal_stderr", .number(d.standardError)),
                                                ("probability_negative", .number(d.probabilityNegative)),
                                            ]
                                        } ?? []))
                            })
                    ),
                ]
            ).rendered()
        case .csv:
            var table = TextTable(
                [
                    "id", "marginal", "net_negative", "critical_probability", "harder_probability", "easier_value",
                    "harder_value",
                ] + (sampled == nil ? [] : ["mean_marginal", "mean_marginal_stderr", "probability_negative"]))
            for row in programs {
                var cells: [String] = [row.id, "\(row.marginal)", String(row.netNegative)]
                for value in [row.criticalProbability, row.harderProbability, row.easierValue, row.harderValue] {
                    cells.append(value.map { "\($0)" } ?? "")
                }
                if let d = draws(row.id) {
                    cells += ["\(d.meanMarginal)", "\(d.standardError)", "\(d.probabilityNegative)"]
                }
                table.append(cells)
            }
            return table.csv()
        case .table, .markdown:
            let md = format == .markdown
            let extra = sampled == nil ? [] : ["mean over draws", "P(marginal < 0)"]
            var table = TextTable(
                ["program", "level", "marginal (pp/unit)", "", "P(falls short)", "π*"] + extra,
                alignments: [.left, .left, .right, .left, .right, .right] + extra.map { _ in .right })
            for row in programs {
                let program = scenario.programs[index(row.id)]
                var cells: [String] = [
                    row.id, scenario.levelLabel(program), Show.small(100 * row.marginal), row.netNegative ? "net-negative" : "",
                    row.harderProbability.map { Show.percent($0) } ?? "–",
                    row.criticalProbability.map { Show.percent($0) } ?? "–",
                ]
                if let d = draws(row.id) {
                    cells += [
                        "\(Show.small(100 * d.meanMarginal)) ± \(Show.small(100 * d.standardError))",
                        Show.percent(d.probabilityNegative),
                    ]
                }
                table.append(cells)
            }
            var whom: [String] = []
            for row in programs {
                let program = scenario.programs[index(row.id)]
                if let critical = row.criticalProbability, let level = program.level {
                    let mine = row.harderProbability ?? 0
                    let shortfall =
                        scenario.orderings.isEmpty
                        ? "the difficulty exceeding level \(level)" : "it falling short (a harder level, or another ordering)"
                    whom.append(
                        "• \(row.id): harmful at the margin for anyone who puts more than \(Show.percent(critical)) on "
                            + "\(shortfall); these beliefs put \(Show.percent(mine)), so it is "
                            + (mine > critical ? "net-negative here." : "net-positive here."))
                } else if row.netNegative {
                    whom.append("• \(row.id): net-negative at the margin under these beliefs.")
                }
            }
            let render = md ? table.markdown() : table.text()
            return """
                \(md ? "## " : "")\(scenario.titleLine)
                Marginal value of each program at \(atLabel) (safety \(Show.percent(safety, digits: 2))): the change in safety, in
                percentage points, from one more unit of resource. Negative means more of it does harm.

                \(render)
                P(falls short) is the probability that a technique is not enough: the true level is above its
                level\(scenario.orderings.isEmpty ? "" : ", or the true ordering puts it higher or nowhere").
                π* is the critical probability: a technique helps where it suffices and can hurt where it falls
                short, by reassuring falsely; anyone whose P(falls short) exceeds π* finds it net-negative.
                "–" means not a technique (no level to fall short of), or, for π*, that its value never changes
                sign with beliefs: it helps (or harms) on both sides, or one side has no probability.
                \(whom.isEmpty ? "No technique changes sign with beliefs at this allocation." : whom.joined(separator: "\n"))
                \(sampled.map { "\nUnder uncertainty (\($0.samples) draws, seed \($0.seed)): the marginal columns above are at the medians; \"mean over draws\" averages ∂V/∂x over the draws and P(marginal < 0) is the share of draws in which more of the program does harm." } ?? "")

                """
        }
    }
}

extension ValueOfInformation {
    public func report(_ format: OutputFormat, scenario: Scenario) -> String {
        func signalJSON(_ s: Signal) -> JSONValue {
            .object([
                ("name", .string(s.name)), ("levels", .array(s.levels.map { .integer($0) })),
                ("probability", .number(s.probability)),
                ("safety", .number(s.safety)), ("allocation", scenario.allocationJSON(s.allocation)),
            ])
        }
        // With alternative orderings: what learning the true ordering is worth, and every world's optimum.
        var orderingFields: [(String, JSONValue)] = []
        if let ordering {
            orderingFields = [
                ("ordering", .number(ordering)), ("ordering_signals", .array(orderingSignals.map(signalJSON))),
                (
                    "per_world",
                    .array(
                        perWorld.map {
                            .object([
                                ("name", .string($0.name)), ("level", .integer($0.levels[0])),
                                ("probability", .number($0.probability)), ("safety", .number($0.safety)),
                                ("allocation", scenario.allocationJSON($0.allocation)),
                            ])
                        })
                ),
            ]
        }
        switch format {
        case .json:
            return JSONValue.object(
                [
                    ("evpi", .number(evpi)), ("band", .number(band)),
                    (
                        "thresholds",
                        .array(
                            thresholds.map {
                                .object([
                                    ("after", .integer($0.after)), ("name", .string($0.name)), ("value", .number($0.value)),
                                    ("signals", .array($0.signals.map(signalJSON))),
                                ])
                            })
                    ),
                    (
                        "per_level",
                        .array(
                            perLevel.map {
                                .object([
                                    ("level", .integer($0.levels[0])), ("safety", .number($0.safety)),
                                    ("allocation", scenario.allocationJSON($0.allocation)),
                                ])
                            })
                    ),
                    (
                        "prior",
                        .object([("safety", .number(priorSafety)), ("allocation", scenario.allocationJSON(priorAllocation))])
                    ),
                    ("band_signals", .array(bandSignals.map(signalJSON))),
                ] + orderingFields
            ).rendered()
        case .csv:
            var table = TextTable(["question", "signal", "probability", "safety"] + scenario.programs.map(\.id))
            func add(_ question: String, _ s: Signal) {
                table.append([question, s.name, "\(s.probability)", "\(s.safety)"] + s.allocation.map { "\($0)" })
            }
            for s in bandSignals { add("band", s) }
            for t in thresholds { for s in t.signals { add("threshold \(t.after)", s) } }
            for s in orderingSignals { add("ordering", s) }
            for s in perLevel { add("level", s) }
            for s in perWorld { add("world", s) }
            return table.csv()
        case .table, .markdown:
            let md = format == .markdown
            var values = TextTable(["what you learn", "value"], alignments: [.left, .right])
            values.append([
                ordering == nil ? "the exact level (EVPI)" : "the exact level and ordering (EVPI)", Show.points(evpi, digits: 3),
            ])
            values.append(["the band (green/orange/red/black)", Show.points(band, digits: 3)])
            for t in thresholds {
                values.append(["whether we are past “\(t.name)” (k > \(t.after))", Show.points(t.value, digits: 3)])
            }
            if let ordering { values.append(["which ordering of the techniques is right", Show.points(ordering, digits: 3)]) }
            var allocations = TextTable(
                ["if you learn", "P", "safety", "optimal allocation"], alignments: [.left, .right, .right, .left])
            func compact(_ x: [Double]) -> String {
                let parts = zip(scenario.programs, x).filter { $0.1 > 5e-3 }.map { "\($0.0.id) \(Show.amount($0.1))" }
                return parts.isEmpty ? "nothing" : parts.joined(separator: ", ")
            }
            allocations.append(["nothing (prior)", "100%", Show.percent(priorSafety), compact(priorAllocation)])
            for s in bandSignals + thresholds.flatMap(\.signals) + orderingSignals + perLevel {
                allocations.append([s.name, Show.percent(s.probability), Show.percent(s.safety), compact(s.allocation)])
            }
            let render = { (t: TextTable) in md ? t.markdown() : t.text() }
            return """
                \(md ? "## " : "")\(scenario.titleLine)
                Value of information: how much safety (in percentage points) you could gain by learning about the
                true level\(ordering == nil ? "" : " or ordering") before allocating the budget, then reallocating optimally. Best safety now: \(Show.percent(priorSafety, digits: 2)).

                \(render(values))
                \(md ? "### " : "")The optimal allocation under each signal
                \(render(allocations))
                """
        }
    }
}
