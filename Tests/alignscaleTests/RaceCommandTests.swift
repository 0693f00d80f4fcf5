import AlignmentScale
import Foundation
import TestSupport
import Testing

@Suite("alignscale race")
struct RaceCommandTests {
    @Test func jsonShapeAndErrors() async throws {
        let result = try await CLI.run(["race", "--trajectories", "3000", "--horizon", "20", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = result.json
        for key in ["trajectories", "safety", "no_gap", "first_gap_quantiles", "years", "required", "state_of_the_art"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        let years = json["years"] as? [Double] ?? []
        #expect(years.count == 81 && years.first == 2026 && years.last == 2046)
        let required = json["required"] as? [String: [Double]] ?? [:]
        #expect(required.keys.sorted() == ["5", "50", "95"] && required["50"]?.count == 81)

        let folder = TemporaryFolder()
        defer { folder.remove() }
        let bad = folder.write("bad.yaml", Scenario.defaultYAML + "timeline:\n  tai_years: {normal: [10, 3]}\n")
        let refused = try await CLI.run(["race", bad])
        #expect(refused.status == 2 && refused.stdout.isEmpty)
        #expect(refused.stderr.contains("bad.yaml:") && refused.stderr.contains("timeline.tai_years"), "\(refused.stderr)")
        // A step so small the fan chart would need millions of rows is refused, not attempted.
        let tiny = folder.write("tiny.yaml", Scenario.defaultYAML + "timeline:\n  step: 0.0001\n")
        let tooFine = try await CLI.run(["race", tiny])
        #expect(tooFine.status == 2 && tooFine.stderr.contains("timeline.step"), "\(tooFine.stderr)")
        let typo = folder.write("typo.yaml", Scenario.defaultYAML + "timeline:\n  tai_yeras: 10\n")
        #expect(try await CLI.run(["race", typo]).stderr.contains("did you mean 'tai_years'"))
    }

    /// The fan chart drawn by a real browser: headless Chromium renders the SVG to a PNG at
    /// 960×560, which must show many colours (bands, fans, lines, text), not a blank page.
    @Test func svgRendersInChromium() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let scenario = folder.write(
            "s.yaml", Scenario.defaultYAML + "timeline:\n  tai_years: 4 to 25\n  automation: {level: 5, factor: 3}\n")
        let svg = folder.path + "/race.svg"
        let result = try await CLI.run(["race", scenario, "--trajectories", "5000", "--svg", svg])
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(text.hasPrefix("<svg") && text.contains("sharp left turn") && text.contains("behavioural safety"))
        let png = folder.path + "/race.png"
        let browser = try await Browser.chromium()
        #expect(browser != nil, "headless Chromium is not installed (scripts/test installs it)")
        guard let browser else { return }
        let shot = try await Subprocess.run(
            "/usr/bin/env",
            [
                browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=960,560",
                "--screenshot=\(png)", "file://\(svg)",
            ])
        #expect(FileManager.default.fileExists(atPath: png), "\(shot.output)")
        let check = try await Subprocess.run(
            "/usr/bin/env",
            [
                "python3", "-c",
                "import sys; from PIL import Image; im = Image.open(sys.argv[1]).convert('RGB'); print(im.size[0], im.size[1], len(im.getcolors(1 << 24)))",
                png,
            ])
        let numbers = check.output.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(numbers.count == 3, "\(check.output)")
        if numbers.count == 3 {
            #expect(numbers[0] == 960 && numbers[1] == 560)
            #expect(numbers[2] >= 50, "only \(numbers[2]) colours: the chart looks blank")
        }
    }
}
