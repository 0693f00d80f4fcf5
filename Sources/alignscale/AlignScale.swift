import AlignmentScale
import AlignmentScaleIO
import AlignmentScaleStore
import ArgumentParser
import Foundation
import Logging

/// The `alignscale` command: the alignment-difficulty scale, and what follows from beliefs about it.
struct AlignScale: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alignscale",
        abstract: "How to spread alignment and governance resources when nobody knows how hard alignment is.",
        discussion: """
            How hard it is to align transformative AI sits somewhere on a ten-level scale, from \
            alignment by default (level 1) through RLHF, constitutional AI, scalable oversight, \
            AI-assisted oversight, interpretability, contained experiments, theory and a new \
            paradigm, up to impossible (level 10). Nobody knows the level. A technique below the \
            true level does not just fail: it can make an unaligned system look safe. So work \
            that helps in easy worlds can hurt in hard ones.

            State your beliefs and programs in a scenario file (`alignscale init` writes a \
            commented one), then ask for the safety of an allocation, the best allocation, which \
            programs are net-negative at the margin and for whom, and what learning the level \
            would be worth. Every command uses the built-in illustrative scenario when given no file.

            Start with: alignscale scale, then alignscale optimize.
            """,
        version: Version.current,
        subcommands: [
            ScaleCommand.self, InitCommand.self, SchemaCommand.self, EvaluateCommand.self, OptimizeCommand.self,
            MarginsCommand.self,
            VoiCommand.self, PlanCommand.self, RobustCommand.self, StudyCommand.self, SensitivityCommand.self, ReportCommand.self,
            RaceCommand.self,
            AggregateCommand.self,
            ResponsesCommand.self,
            ServeCommand.self,
        ]
    )
}

/// Runs the command line, mapping errors to exit codes at this edge only: 0 success, 2 unusable
/// input (a bad file, flag or value), 1 any other failure. Nothing is printed on stdout on failure.
@main
enum Main {
    static func main() async {
        // Logs go to standard error: standard output carries only a command's result.
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        do {
            var command = try AlignScale.parseAsRoot()
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch let error as InputError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(2)
        } catch let error as CommandFailure {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            exit(1)
        } catch let error where error is StoreUnavailable || error is StoreFailure || error is OutputError {
            // Not about the input: a store out of reach, a file that cannot be written.
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(1)
        } catch {
            let code = AlignScale.exitCode(for: error)
            let message = AlignScale.fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                exit(0)
            }
            FileHandle.standardError.write(Data((message.isEmpty ? "error: \(error)" : message).utf8 + [10]))
            exit(code == .validationFailure ? 2 : code.rawValue == 0 ? 1 : code.rawValue)
        }
    }
}

/// A failure that is not about the input: a file that cannot be written, a refused overwrite.
struct CommandFailure: Error {
    let message: String
}
