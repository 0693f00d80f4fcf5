import AlignmentScale
import AlignmentScaleIO
import ArgumentParser
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write the built-in illustrative scenario as a commented YAML file to edit.",
        discussion: "Every field is explained in comments. The numbers are illustrative, not anyone's estimate.")

    @Argument(help: "Where to write the scenario.")
    var path: String = "scenario.yaml"

    @Flag(name: .long, help: "Overwrite the file if it exists.")
    var force = false

    func run() throws {
        if FileManager.default.fileExists(atPath: path) && !force {
            throw CommandFailure(message: "\(path) already exists; pass --force to overwrite it")
        }
        try OutputFile.write(Scenario.defaultYAML, to: path, option: nil)
        try? FileHandle.standardError.write(
            contentsOf: Data("wrote \(path): edit it, then run `alignscale optimize \(path)`\n".utf8))
    }
}
