import AlignmentScale
import AlignmentScaleIO
import Foundation
import Testing

/// The evaluation report's program and ordering tables against values computed here: each
/// program's readiness from its own formula, R = c̄ − (c̄ − b)·exp(−x/s), and each format showing the
/// same number in the form it promises.
@Suite("The evaluation report's tables")
struct EvaluationReportTests {
    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func programsShowTheirReadinessInEveryFormat() throws {
        let scenario = Scenario.builtinDefault.atMedians
        let x = scenario.programs.indices.map { Double($0 % 3) * 5 }
        let readiness = zip(scenario.programs, x).map { p, x in p.ceiling - (p.ceiling - p.baseline) * exp(-x / p.scale) }
        let report = EvaluationReport(
            Evaluation(scenario: scenario, allocation: x), scenario: scenario, allocationLabel: "a test allocation")

        let programs = try #require(try Self.object(report.rendered(.json))["programs"] as? [[String: Any]])
        #expect(programs.map { $0["id"] as? String } == scenario.programs.map(\.id))
        for (j, row) in programs.enumerated() {
            #expect(row["allocation"] as? Double == x[j])
            #expect(abs((row["readiness"] as? Double ?? .nan) - readiness[j]) < 1e-15, "\(scenario.programs[j].id)")
        }

        let lines = report.rendered(.csv).split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        #expect(lines[0] == ["id", "allocation", "readiness"])
        for (j, cells) in lines.dropFirst().enumerated() {
            #expect(cells[0] == scenario.programs[j].id)
            #expect(Double(cells[1]) == x[j] && abs((Double(cells[2]) ?? .nan) - readiness[j]) < 1e-15)
        }

        let text = report.rendered(.table)
        for (j, program) in scenario.programs.enumerated() {
            let line = try #require(text.split(separator: "\n").first { $0.hasPrefix(program.id + " ") })
            #expect(line.hasSuffix(String(format: "%.1f%%", 100 * readiness[j])), "\(line)")
        }
    }

    /// With orderings, each ordering's credence and safety: the JSON's `orderings`, the CSV's second
    /// table and the text table agree, and the credences are the scenario's (the main ordering
    /// keeps the rest).
    @Test func orderingsAgreeAcrossFormats() throws {
        let scenario = try Scenario.builtinDefault.atMedians.changing {
            $0.orderings = [
                Ordering(
                    name: "interpretability-first", credence: 0.25,
                    levels: [.init(id: "interpretability-oversight", level: 4), .init(id: "scalable-oversight", level: 5)])
            ]
        }
        let report = EvaluationReport(Evaluation(scenario: scenario), scenario: scenario, allocationLabel: "the status quo")
        let orderings = try #require(try Self.object(report.rendered(.json))["orderings"] as? [[String: Any]])
        #expect(orderings.count == 2)
        #expect(orderings.compactMap { $0["credence"] as? Double } == [0.75, 0.25])
        let csv = report.rendered(.csv).components(separatedBy: "\n\n")
        #expect(csv.count == 2)
        let rows = csv[1].split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        #expect(rows[0] == ["ordering", "credence", "safety"])
        let text = report.rendered(.table)
        for (row, cells) in zip(orderings, rows.dropFirst()) {
            let name = try #require(row["name"] as? String)
            let safety = try #require(row["safety"] as? Double)
            // Foundation's JSON reader may round the last bit; the CSV is read here exactly.
            #expect(cells[0] == name && abs((Double(cells[2]) ?? .nan) - safety) < 1e-15)
            #expect(text.contains(String(format: "%.2f%%", 100 * safety)))
        }
    }
}
