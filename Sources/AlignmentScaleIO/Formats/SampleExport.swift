import AlignmentScale
import Foundation

/// Writes Monte Carlo samples to a CSV file: a header row, then one row per sample (`sample`, the
/// drawn parameters, then the computed columns).
///
/// The rows go to a temporary file beside the target, renamed over it only once every row is
/// written, so a failed run never leaves a partial or clobbered file.
public enum SampleExport {
    /// Runs `body` with a function that appends blocks of rows (each `columns.count` numbers, in
    /// sample order) and returns what `body` returns once the file is in place.
    /// - Throws: ``InputError`` at `--export-samples` if the file cannot be written.
    public static func write<Result>(
        to path: String, columns: [String], _ body: (@escaping ([Double]) -> Void) throws -> Result
    ) throws -> Result {
        let target = URL(fileURLWithPath: path)
        let temporary = target.deletingLastPathComponent().appendingPathComponent(
            ".\(target.lastPathComponent).partial-\(getpid())")
        func failure(_ found: String) -> InputError {
            InputError(.unreadable, path: "--export-samples", expected: "a file that can be written", found: "\(path): \(found)")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw failure("a directory")
        }
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
            let handle = try? FileHandle(forWritingTo: temporary)
        else {
            throw failure("its folder cannot be written to")
        }
        var succeeded = false
        defer {
            try? handle.close()
            if !succeeded { try? FileManager.default.removeItem(at: temporary) }
        }
        let header = (["sample"] + columns).map(csvField).joined(separator: ",") + "\n"
        var buffer = header
        var next = 0
        var writeError: Error? = nil
        let width = columns.count
        let result = try body { rows in
            var index = 0
            while index + width <= rows.count {
                next += 1
                buffer += String(next)
                for value in rows[index..<(index + width)] {
                    buffer += ","
                    buffer += "\(value)"
                }
                buffer += "\n"
                index += width
            }
            if buffer.utf8.count > 1 << 20 {
                do { try handle.write(contentsOf: Data(buffer.utf8)) } catch { writeError = error }
                buffer = ""
            }
        }
        do {
            if let writeError { throw writeError }
            try handle.write(contentsOf: Data(buffer.utf8))
            try handle.close()
            // rename(2) replaces the target atomically.
            guard rename(temporary.path, path) == 0 else { throw failure(String(cString: strerror(errno))) }
        } catch {
            throw failure(error.localizedDescription)
        }
        succeeded = true
        return result
    }

    static func csvField(_ text: String) -> String {
        text.contains(",") || text.contains("\"") ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    /// Writes `text` to `path` atomically (a temporary file renamed over it).
    /// - Throws: ``InputError`` at `option` if the file cannot be written.
    public static func writeText(_ text: String, to path: String, option: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw InputError(.unreadable, path: option, expected: "a file that can be written", found: path)
        }
    }
}
