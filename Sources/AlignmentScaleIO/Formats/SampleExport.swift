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
    /// ``OutputFile``: a study's cases. A whole number below 10^15 is written as an integer, any
    /// other number as Swift prints it (the shortest text that reads back as the same double).
    ///
    /// A study of 10^5 cases exports some 120 MB, so the rows are formatted in blocks on every
    /// core, straight into bytes, and written in order as they come.
    /// - Throws: ``OutputError``.
    public static func writeTable(
        to path: String, header: [String], rows: [[Double]], threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws {
        let file = try OutputFile(path: path, option: "--export")
        try file.append(Data((header.map(csvField).joined(separator: ",") + "\n").utf8))
        let blockRows = 2048
        var failure: Error? = nil
        ChunkedRun.inOrder(
            count: (rows.count + blockRows - 1) / blockRows, threads: threads,
            work: { block in csvBytes(rows[block * blockRows..<min((block + 1) * blockRows, rows.count)]) },
            consume: { bytes in
                guard failure == nil else { return }
                do { try file.append(bytes) } catch { failure = error }
            })
        if let failure { throw failure }
        try file.commit()
    }

    /// Rows of numbers as CSV lines, in bytes (see ``writeTable(to:header:rows:threads:)``).
    static func csvBytes(_ rows: ArraySlice<[Double]>) -> Data {
        var bytes = [UInt8]()
        bytes.reserveCapacity(rows.count * (rows.first?.count ?? 0) * 20)
        for row in rows {
            for (index, value) in row.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                if value == value.rounded() && abs(value) < 1e15 {
                    bytes.append(contentsOf: String(Int(value)).utf8)
                } else {
                    bytes.append(contentsOf: value.description.utf8)
                }
            }
            bytes.append(UInt8(ascii: "\n"))
        }
        return Data(bytes)
    }
}
