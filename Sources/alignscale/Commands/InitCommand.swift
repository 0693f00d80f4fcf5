import AlignmentScale
import AlignmentScaleIO
import ArgumentParser
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write the built-in illustrative scenario as a commented YAML file to edit.",
        discussion: """
            Every field is explained in comments. The numbers are illustrative, not anyone's estimate, \
            and the file says so: each program number is a spread around its illustrative value \
            (commands without --samples use the middle value; sensitivity and robust show which \
            spreads the advice hinges on). --at-medians writes single numbers instead. \
            Beside the scenario, alignscale-scenario.schema.json is written too (unless it exists), and \
            the scenario's first line points editors with the YAML language server at it, so keys are \
            completed and checked as you type.
            """)

    @Argument(help: "Where to write the scenario.")
    var path: String = "scenario.yaml"

    @Flag(name: .long, help: "Overwrite the file if it exists.")
    var force = false

    @Flag(name: .long, help: "Write each program number as one number instead of a spread around it.")
    var atMedians = false

    static let schemaName = "alignscale-scenario.schema.json"

    func run() throws {
        if FileManager.default.fileExists(atPath: path) && !force {
            throw CommandFailure(message: "\(path) already exists; pass --force to overwrite it")
        }
        let url = URL(fileURLWithPath: path)
        let schema = url.deletingLastPathComponent().appendingPathComponent(InitCommand.schemaName).path
        let name = url.lastPathComponent
        try OutputFile.write(
            Scenario.defaultYAML(named: name, schema: InitCommand.schemaName, atMedians: atMedians), to: path, option: nil)
        if !FileManager.default.fileExists(atPath: schema) || force {
            try OutputFile.write(JSONSchema.scenario().rendered(), to: schema, option: nil)
        }
        try? FileHandle.standardError.write(
            contentsOf: Data("wrote \(path) (and its schema): edit it, then run `alignscale optimize \(path)`\n".utf8))
    }
}
