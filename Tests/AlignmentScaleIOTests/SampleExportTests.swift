import AlignmentScale
import AlignmentScaleIO
import Foundation
import TestSupport
import Testing

/// A table export (a study's or robust's cases): rows in order across the blocks it formats in
/// parallel, whatever the thread count, and every number read back as the same double.
@Suite("Case exports")
struct SampleExportTests {
    /// 5000 rows (several blocks of 2048, the last one short) of awkward numbers.
    static func rows() -> [[Double]] {
        var rng = SeededGenerator(seed: 77)
        let awkward: [Double] = [
            0, -0.0, 3, -12, 1e15 - 1, 1e15, 1e20, 0.1, 1.0 / 3, -2.5e-300, .leastNonzeroMagnitude, .infinity, -.infinity,
            .nan, Double.ulpOfOne, 123_456_789.125,
        ]
        return (0..<5000).map { i in
            [
                Double(i + 1), rng.nextUniform(), -rng.nextUniform() * 1e-7, awkward[i % awkward.count],
                awkward[(i * 7 + 3) % awkward.count], rng.nextUniform() * 1e9,
            ]
        }
    }

    /// The file's text, written out here from the documented rule: a whole number below 10^15 as
    /// an integer, any other as Swift prints it.
    static func expected(header: [String], rows: [[Double]]) -> String {
        header.joined(separator: ",") + "\n"
            + rows.map { row in
                row.map { v in v.isFinite && v.rounded() == v && abs(v) < 1e15 ? "\(Int(v))" : "\(v)" }
                    .joined(separator: ",") + "\n"
            }.joined()
    }

    @Test func rowsInOrderForAnyThreadCount() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let rows = Self.rows()
        let header = ["case", "u", "small", "odd", "odder", "big"]
        let want = Self.expected(header: header, rows: rows)
        for threads in [1, 2, 5] {
            let path = folder.path + "/cases-\(threads).csv"
            try SampleExport.writeTable(to: path, header: header, rows: rows, threads: threads)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text == want, "threads \(threads)")
            // Every number reads back as the same double (−0 is written as 0).
            let lines = text.split(separator: "\n").dropFirst()
            #expect(lines.count == rows.count)
            for (line, row) in zip(lines, rows) {
                let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                #expect(fields.count == row.count)
                for (field, value) in zip(fields, row) {
                    let read = try #require(Double(String(field)), "\(field)")
                    #expect(read.isNaN ? value.isNaN : read == value, "\(field) for \(value)")
                    if value != 0 && !value.isNaN { #expect(read.bitPattern == value.bitPattern) }
                }
            }
        }
        // An empty table is its header.
        try SampleExport.writeTable(to: folder.path + "/empty.csv", header: header, rows: [], threads: 2)
        #expect(try String(contentsOfFile: folder.path + "/empty.csv", encoding: .utf8) == header.joined(separator: ",") + "\n")
    }

    /// A file that cannot be written is an error that names it, and nothing is left behind.
    @Test func unwritableTargetLeavesNothing() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path + "/missing/cases.csv"
        #expect(throws: OutputError.self) {
            try SampleExport.writeTable(to: path, header: ["a"], rows: [[1]], threads: 2)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
