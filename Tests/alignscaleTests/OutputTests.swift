import AlignmentScale
import Foundation
import TestSupport
import Testing

/// What the command line writes: every write is checked, a failure is an error that names the
/// file, and nothing partial or clobbered is left behind.
@Suite("Output that cannot be lost", .serialized)
struct OutputTests {
    /// /dev/full accepts the open and fails every write with "No space left on device".
    static let full = "/dev/full"

    /// After a test, /dev/full must still be the device it was (an earlier version renamed a
    /// temporary file over it); if it is not, restore it and fail.
    static func checkDeviceIntact() async throws {
        var status = stat()
        let isDevice = stat(full, &status) == 0 && (status.st_mode & S_IFMT) == S_IFCHR
        if !isDevice {
            _ = try await Subprocess.shell("rm -f /dev/full && mknod -m 666 /dev/full c 1 7")
        }
        #expect(isDevice, "/dev/full was replaced by a regular file")
    }

    @Test func standardOutputOnAFullDisk() async throws {
        let result = try await Subprocess.shell("'\(CLI.executable)' scale > /dev/full")
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("could not write standard output: No space left on device"), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test(
        "files on a full disk",
        arguments: [
            ["race", "--trajectories", "200", "--svg", full],
            [
                "evaluate", repositoryRoot + "/Benchmarks/scenarios/uncertain-10-programs.json", "--samples", "100",
                "--export-samples", full,
            ],
            ["responses", "export", "--output", full],
        ])
    func filesOnAFullDisk(arguments: [String]) async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let result = try await CLI.run(arguments, in: folder.path)
        #expect(result.status == 1, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains("could not write") && result.stderr.contains(Self.full), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        try await Self.checkDeviceIntact()
    }

    /// A file in a folder that does not exist: an error naming it, exit status 1, nothing written.
    @Test func aMissingFolder() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let target = folder.path + "/no/such/folder/chart.svg"
        let result = try await CLI.run(["race", "--trajectories", "200", "--svg", target])
        #expect(result.status == 1 && result.stderr.contains(target), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    /// An existing file is replaced only once the new one is complete.
    @Test func anExistingFileIsReplacedWhole() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let target = folder.write("chart.svg", "old")
        let result = try await CLI.run(["race", "--trajectories", "200", "--svg", target])
        #expect(result.status == 0)
        let text = try String(contentsOfFile: target, encoding: .utf8)
        #expect(text.hasPrefix("<svg") && text.hasSuffix("</svg>\n"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("partial") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    /// Negative counts get the real reason, not "Missing value".
    @Test func negativeCountsAreExplained() async throws {
        for arguments in [["evaluate", "--samples", "-1"], ["race", "--trajectories", "-5"], ["evaluate", "--threads", "-2"]] {
            let result = try await CLI.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(!result.stderr.contains("Missing value"), "\(arguments): \(result.stderr)")
            #expect(
                result.stderr.contains("-1") || result.stderr.contains("-5") || result.stderr.contains("-2"), "\(result.stderr)")
        }
    }

    /// The race no longer crashes on a far arrival; it refuses it with the field's position.
    @Test func farArrivalsAreRefusedNotCrashed() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        for tai in ["1e20", "3 to 1e12"] {
            let path = folder.write("s.yaml", Scenario.defaultYAML + "timeline:\n  tai_years: \(tai)\n")
            let result = try await CLI.run(["race", path, "--trajectories", "1000"])
            #expect(result.status == 2, "\(tai): \(result.stderr)")
            #expect(result.stderr.contains("s.yaml:") && result.stderr.contains("timeline.tai_years"), "\(result.stderr)")
        }
    }
}
