import AlignmentScale
import SVGCharts

/// `alignscale margins`: what one more unit of each program does, and for whom a technique is
/// net-negative.
public struct MarginsReport: Reportable {
    public let margins: Margins
    public let scenario: Scenario
    /// Where the margins are taken, in words.
    public let atLabel: String
    /// Monte Carlo margins at the same allocation, added to every format.
    public let sampled: SampledMargins?

    /// The options that choose the allocation, as `margins` takes them (such as `--at optimal`),
    /// for the command that reproduces the report.
    public let atOptions: String

    public init(
        _ margins: Margins, scenario: Scenario, atLabel: String, sampled: SampledMargins? = nil, atOptions: String = ""
    ) {
        self.margins = margins
        self.scenario = scenario
        self.atLabel = atLabel
        self.sampled = sampled
        self.atOptions = atOptions
    }

    private func draws(_ id: String) -> SampledMargins.ProgramMargin? {
        sampled.flatMap { s in scenario.index(of: id).map { s.programs[$0] } }
    }

    public var charts: [(name: String, svg: String)] { [("critical", criticalChart.svg()), ("marginal", marginalChart.svg())] }

    public var json: JSONValue {
        let samplingFields: [(String, JSONValue)] =
            sampled.map { [("samples", .integer($0.samples)), ("seed", .number(Double($0.seed)))] } ?? []
        return .object(
            samplingFields + [
                ("at", .string(atLabel)), ("safety", .number(margins.safety)),
            ] + (margins.value.map { [("value", .number($0))] + scenario.objectiveJSON } ?? []) + [
                ("allocation", scenario.allocationJSON(margins.allocation)),
                ("programs", programs.json),
            ])
    }

    public var csv: String { programs.csv }

    public var document: ReportDocument {
        var document = ReportDocument(title: scenario.titleLine)
        document.text(
            "Marginal value of each program at \(atLabel) (safety \(Show.exact(margins.safety))): the change in safety, in\n"
                + "percentage points, from one more unit of resource. Negative means more of it does harm.")
        if let objective = scenario.objectiveSentence { document.text(objective) }
        document.table(table)
        document.text(
            "P(falls short) is the probability that a technique is not enough: the true level is above its\n"
                + "level\(scenario.orderings.isEmpty ? "" : ", or the true ordering puts it higher or nowhere").\n"
                + "π* is the critical probability: a technique helps where it suffices and can hurt where it falls\n"
                + "short, by reassuring falsely; it is net-negative for anyone with the same beliefs within each side\n"
                + "who puts more than π* on it falling short.\n"
                + "\"–\" means not a technique (no level to fall short of), or, for π*, that its value never changes\n"
                + "sign with beliefs: it helps (or harms) on both sides, or one side has no probability.")
        document.text(forWhom)
        document.chart(criticalChart.svg())
        document.chart(marginalChart.svg())
        if let sampled {
            document.text(
                "Under uncertainty (\(sampled.samples) draws, seed \(sampled.seed)): the marginal columns above are at the "
                    + "medians; \"mean over draws\" averages ∂V/∂x over the draws and P(marginal < 0) is the share of draws in "
                    + "which more of the program does harm.")
        }
        return document
    }

    /// Each technique's P(falls short) as a bar and its π* as a diamond: a technique is
    /// net-negative at the margin for these beliefs where its bar passes its diamond.
    public var criticalChart: BarChart {
        let techniques = scenario.programs.filter { $0.kind == .technique }
        var chart = BarChart(
            title: "Net-negative for whom: P(falls short) against π*", xLabel: "probability",
            series: [.init(name: "P(falls short) under these beliefs", color: "#7fa7d9")],
            rows: techniques.map { program in
                let row = margins.programs.first { $0.id == program.id }!
                return BarChart.Row(
                    label: "\(Scale.truncate(program.name, 38)) (\(program.level.map(String.init) ?? ""))",
                    values: [row.harderProbability],
                    markers: row.criticalProbability.map { [$0] } ?? [])
            })
        chart.labelWidth = 300  // programs by name
        chart.showProbabilities()
        chart.markerLegend = "π*: net-negative above it (same beliefs within each side)"
        chart.markerColor = "#b3261e"
        chart.subtitle = "A bar past its diamond: more of that technique does harm at \(atLabel)"
        return chart
    }

    /// The marginal value of every program, highest first.
    public var marginalChart: BarChart {
        var chart = BarChart(
            title: "Marginal value of one more unit", xLabel: "percentage points of safety per unit",
            series: [.init(name: "marginal value", color: "#2f6fbf")],
            rows: margins.programs.map { margin in
                let name = scenario.programs.first { $0.id == margin.id }?.name ?? margin.id
                return BarChart.Row(label: Scale.truncate(name, 38), values: [100 * margin.marginal])
            })
        chart.labelWidth = 300  // programs by name
        chart.subtitle = "At \(atLabel); negative: more of it does harm"
        return chart
    }
}

extension MarginsReport {
    /// One row per program, described once: the JSON's `programs`, the CSV and the text table
    /// (which shows the level, leaves out the values on each side, and puts P(falls short) before π*).
    public var programs: ColumnTable<Margins.ProgramMargin> {
        var columns: [Column<Margins.ProgramMargin>] = [
            .string("id", header: "program") { $0.id },
            .textOnly("level") { scenario.levelLabel(scenario.programs[scenario.index(of: $0.id)!]) },
            .number("marginal", header: "marginal (pp/unit)", shown: { Show.small(100 * $0) }, of: { $0.marginal }),
            .bool("net_negative", header: "", shown: { $0 ? "net-negative" : "" }, of: { $0.netNegative }),
            .number("critical_probability", header: "π*", shown: { Show.percent($0) }, of: { $0.criticalProbability }),
            .number("harder_probability", header: "P(falls short)", shown: { Show.percent($0) }, of: { $0.harderProbability }),
            .number("easier_value") { $0.easierValue },
            .number("harder_value") { $0.harderValue },
        ]
        var order = ["id", "level", "marginal", "net_negative", "harder_probability", "critical_probability"]
        if sampled != nil {
            columns += [
                .number(
                    "mean_marginal", header: "mean over draws",
                    text: { row in
                        let d = self.draws(row.id)!
                        return "\(Show.small(100 * d.meanMarginal)) ± \(Show.small(100 * d.standardError))"
                    },
                    of: { self.draws($0.id)?.meanMarginal }),
                .number("mean_marginal_stderr") { self.draws($0.id)?.standardError },
                .number(
                    "probability_negative", header: "P(marginal < 0)", shown: { Show.percent($0) },
                    of: { self.draws($0.id)?.probabilityNegative }),
            ]
            order += ["mean_marginal", "probability_negative"]
        }
        return ColumnTable(columns, rows: margins.programs, textOrder: order)
    }

    /// Each program's marginal value, P(falls short) and π*, with the Monte Carlo columns when sampled.
    public var table: TextTable { programs.textTable }

    /// For whom each technique is net-negative, one line per technique with a π* or a negative margin.
    public var forWhom: String {
        var whom: [String] = []
        for row in margins.programs {
            let program = scenario.programs[scenario.index(of: row.id)!]
            if let critical = row.criticalProbability, let level = program.level {
                let mine = row.harderProbability ?? 0
                let shortfall =
                    scenario.orderings.isEmpty
                    ? "the difficulty exceeding level \(level)" : "it falling short (a harder level, or another ordering)"
                whom.append(
                    "• \(row.id): net-negative at the margin for anyone with the same beliefs within each side who puts "
                        + "more than \(Show.percent(critical)) on "
                        + "\(shortfall); these beliefs put \(Show.percent(mine)), so it is "
                        + (mine > critical ? "net-negative here." : "net-positive here."))
            } else if row.netNegative {
                whom.append("• \(row.id): net-negative at the margin under these beliefs.")
            }
        }
        return whom.isEmpty ? "No technique changes sign with beliefs at this allocation." : whom.joined(separator: "\n")
    }

    /// The short form: for whom each technique is net-negative, the two charts and the table.
    public var brief: ReportBrief {
        let samples = sampled.map { " --samples \($0.samples) --seed \($0.seed)" } ?? ""
        return ReportBrief(
            sentence: forWhom, charts: [criticalChart.svg(), marginalChart.svg()], table: table,
            command: "margins \(ReportBrief.scenarioPlaceholder)\(atOptions)\(samples)")
    }
}
