import AlignmentScale
import Testing

@Suite("The built-in scale (AlignmentScale.docc/TheScale.md)")
struct ScaleTests {
    let scale = Scale.builtin

    @Test func tenLevelsInOrderWithTheirTechniques() {
        #expect(scale.levelCount == 10)
        #expect(scale.levels.map(\.number) == Array(1...10))
        let techniques = [
            "alignment by default", "RLHF", "constitutional AI", "scalable oversight", "AI research assistance",
            "interpretability", "contained experiments", "theoretical research", "new paradigm", "impossible",
        ]
        for (level, word) in zip(scale.levels, techniques) {
            #expect(level.technique.contains(word), "level \(level.number): \(level.technique)")
        }
    }

    @Test func bands() {
        let expected: [Band] = [.green, .green, .green, .orange, .orange, .red, .red, .black, .black, .black]
        #expect(scale.levels.map(\.band) == expected)
        #expect(scale.bands.map(\.band) == [.green, .orange, .red, .black])
    }

    @Test func thresholdsAfterThreeAndSeven() {
        #expect(scale.thresholds.map(\.after) == [3, 7])
        #expect(scale.thresholds[0].name.contains("behavioural safety"))
        #expect(scale.thresholds[1].name.contains("sharp left turn"))
    }

    @Test func onlyLevelTenIsImpossible() {
        #expect(scale.levels.filter(\.impossible).map(\.number) == [10])
    }

    /// Summaries are two or three sentences in the project's words; every level names its risks.
    @Test func summariesAndRisks() {
        for level in scale.levels {
            let sentences = level.summary.split(whereSeparator: { $0 == "." }).filter {
                !$0.trimmingCharacters(in: .whitespaces).isEmpty
            }
            #expect((2...3).contains(sentences.count), "level \(level.number) has \(sentences.count) sentences")
            #expect(!level.risks.isEmpty)
        }
    }

    @Test func failureModeTable() {
        #expect(scale.failureModes.count == 10)
        #expect(scale.failureModes.map(\.firstAddressedAt) == [nil, 2, 3, 4, 5, 6, 7, 8, 9, nil])
        #expect(scale.failureModes[0].name.contains("misuse"))
        #expect(scale.failureModes[9].name.contains("impossible"))
    }

    /// Coverage is monotone: a mode first addressed at a is covered by every level ≥ a and none below.
    @Test func monotoneCoverage() {
        for mode in scale.failureModes {
            guard let first = mode.firstAddressedAt else {
                #expect(mode.coveredBy.isEmpty)
                continue
            }
            #expect(mode.coveredBy == Array(first...10))
        }
        #expect(scale.failureModesCovered(at: 4).count == 3)
        #expect(scale.failureModesFirstAddressed(at: 6).map(\.name) == ["deception that survives perfect behavioural feedback"])
    }
}
