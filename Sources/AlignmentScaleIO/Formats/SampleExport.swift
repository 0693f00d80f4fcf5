import AlignmentScale
import Foundation

/// Writes Monte Carlo samples to a CSV file: a header row, then one row per sample (`sample`, the
/// drawn parameters, then the computed columns).
///
/// The rows go through an ``OutputFile``, so a failed run never leaves a partial or clobbered file.
public enum SampleExport {
    /// Runs `body` with a function that appends blocks of rows (each `columns.count` numbers, in
    /// sample order) and returns what `body` returns once the file is in place.
    /// - Throws: ``OutputError`` if the file cannot be written (the target is then untouched).
    public static func write<Result>(
        to path: String, columns: [String], _ body: (@escaping ([Double]) -> Void) throws -> Result
    ) throws -> Result {
        let file = try OutputFile(path: path, option: "--export-samples")
        let header = (["sample"] + columns).map(csvField).joined(separator: ",") + "\n"
        var buffer = header
        var next = 0
        var writeError: Error? = nil
        let width = columns.count
        let result = try body { rows in
            guard writeError == nil else { return }
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
                do { try file.append(Data(buffer.utf8)) } catch { writeError = error }
                buffer = ""
            }
        }
        if let writeError { throw writeError }
        try file.append(Data(buffer.utf8))
        try file.commit()
        return result
    }

    static func csvField(_ text: String) -> String {
        text.contains(",") || text.contains("\"") ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    /// Writes a whole table of numbers (a header, then one row per item) as CSV, through an
    /// ``OutputFile``: a study's cases.
    /// - Throws: ``OutputError``.
    public static func writeTable(to path: String, header: [String], rows: [[Double]]) throws {
        let file = try OutputFile(path: path, option: "--export")
        var buffer = header.map(csvField).joined(separator: ",") + "\n"
        for row in rows {
            buffer += row.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : "\($0)" }.joined(separator: ",")
            buffer += "\n"
            if buffer.utf8.count > 1 << 20 {
                try file.append(Data(buffer.utf8))
                buffer = ""
            }
        }
        try file.append(Data(buffer.utf8))
        try file.commit()
    }
}
