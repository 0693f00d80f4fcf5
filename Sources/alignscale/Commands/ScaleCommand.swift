import AlignmentScale
import AlignmentScaleIO
import ArgumentParser

struct ScaleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale",
        abstract: "Show the alignment-difficulty scale: levels, bands, thresholds and failure modes.",
        discussion: """
            Level k means the technique family of level k is the least one that suffices to align \
            transformative AI: every family at k or above works, none below it does. Levels fall \
            in bands: green 1–3 (easy; misuse and institutions dominate), orange 4–5 and red 6–7 \
            (intermediate), black 8–10 (probably impossible in practice). Two thresholds mark \
            jumps: after 3 behavioural safety is insufficient; after 7 comes the sharp left turn.

            `--format json` prints the scale in the shape a custom scale file must have, so you can \
            print it, edit it and load it back with `--scale FILE` (or `scale: FILE` in a scenario).
            """)

    @OptionGroup var output: FormatOption

    @Option(
        name: .long, parsing: .unconditional, help: "Show one level in full: summary, risks and the failure modes it addresses.")
    var level: Int?

    @Option(name: .long, help: "A custom scale file (YAML or JSON) to show instead of the built-in one.")
    var scale: String?

    @Flag(name: .long, help: "Show the failure-mode × level coverage matrix.")
    var failureModes = false

    func run() throws {
        let scale = try self.scale.map(Scale.load(contentsOf:)) ?? .builtin
        if let level {
            guard (1...scale.levelCount).contains(level) else {
                throw InputError(path: "--level", expected: "a level from 1 to \(scale.levelCount)", found: String(level))
            }
            try emit(scale.report(level: level, output.format, palette: output.palette))
        } else if failureModes {
            try emit(scale.failureModeReport(output.format))
        } else {
            try emit(ScaleReport(scale, palette: output.palette).rendered(output.format))
        }
    }
}
