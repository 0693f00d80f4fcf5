import Dispatch
import Foundation

/// The repository's root, for scenario files, scripts and artifacts.
public let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// What a finished process printed and how it ended.
public struct ProcessOutput: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String

    /// Standard output parsed as a JSON object (empty when it is not one).
    public var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any] ?? [:]
    }

    /// Standard output and standard error together, for failure messages.
    public var output: String { stdout + stderr }
}

/// Runs other programs without blocking Swift concurrency's few threads: the blocking reads and
/// the wait happen on a Dispatch thread, so tests running in parallel on two cores do not queue
/// behind each other's subprocesses and each test's reported time is its own.
public enum Subprocess {
    /// Runs `executable` with `arguments` and waits for it to exit.
    /// - Parameters:
    ///   - environment: added to (and overriding) this process's environment.
    ///   - input: written to the process's standard input, which is then closed (no input: /dev/null).
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], in directory: String? = nil,
        input: Data? = nil
    ) async throws -> ProcessOutput {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Result {
                        try runBlocking(executable, arguments, environment: environment, directory: directory, input: input)
                    })
            }
        }
    }

    /// Runs a shell command line with `/bin/sh -c`.
    public static func shell(_ command: String, environment: [String: String] = [:]) async throws -> ProcessOutput {
        try await run("/bin/sh", ["-c", command], environment: environment)
    }

    /// Starts `executable` without waiting for it, its output going to `log`.
    public static func start(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], log: String
    ) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        FileManager.default.createFile(atPath: log, contents: nil)
        let handle = FileHandle(forWritingAtPath: log) ?? FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits for a started process to exit, off the cooperative threads.
    public static func wait(for process: Process) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                process.waitUntilExit()
                continuation.resume()
            }
        }
    }

    private static func runBlocking(
        _ executable: String, _ arguments: [String], environment: [String: String], directory: String?, input: Data?
    ) throws -> ProcessOutput {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let inputPipe = input.map { _ in Pipe() }
        process.standardInput = inputPipe ?? FileHandle.nullDevice
        try process.run()
        if let inputPipe, let input {
            DispatchQueue.global().async {
                try? inputPipe.fileHandleForWriting.write(contentsOf: input)
                try? inputPipe.fileHandleForWriting.close()
            }
        }
        // Read standard error on another thread so neither pipe can fill up and stall the child.
        let stderrBox = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            stderrBox.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        let stderrData = stderrBox.data
        process.waitUntilExit()
        return ProcessOutput(
            status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self))
    }
}

/// Bytes handed from a reading thread back to the waiting one (the group's wait orders the accesses).
private final class Box: @unchecked Sendable {
    var data = Data()
}

/// The built `alignscale` executable, run as a user would.
public enum CLI {
    /// The executable beside the test bundle in the build folder.
    public static let executable: String = {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("alignscale").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return repositoryRoot + "/.build/debug/alignscale"
    }()

    public static func run(
        _ arguments: [String], environment: [String: String] = [:], in directory: String? = nil, input: Data? = nil
    ) async throws -> ProcessOutput {
        try await Subprocess.run(executable, arguments, environment: environment, in: directory, input: input)
    }
}

/// Headless Chromium, which the test script installs.
public enum Browser {
    /// The name of the Chromium executable on the path, or `nil` when none is installed.
    public static func chromium() async throws -> String? {
        for name in ["chromium", "chromium-browser"] where try await Subprocess.run("/usr/bin/env", ["which", name]).status == 0 {
            return name
        }
        return nil
    }
}

/// Splits one CSV row (RFC 4180 quoting) into fields, for shape checks.
public enum CSVRow {
    public static func fields(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var chars = Array(line)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" {
                        current.append("\"")
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(c)
            }
            i += 1
        }
        fields.append(current)
        chars.removeAll()
        return fields
    }
}
