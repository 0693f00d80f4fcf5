import AlignmentScale
import AlignmentScaleIO
import Foundation

/// libFuzzer entry: bytes as a respondents file, read both as CSV and as JSON; respondents that
/// load are pooled and listed.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRespondents(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
    let data = Data(bytes: bytes, count: count)
    var entries: [RespondentFile.Entry] = []
    if let table = try? CSVTable(data: data, file: "fuzz"), let rows = try? RespondentFile.readCSV(table, levelCount: 10) {
        entries += rows
    }
    if let document = try? Document(data: data, file: "fuzz"), let rows = try? RespondentFile.readJSON(document, levelCount: 10) {
        entries += rows
    }
    guard !entries.isEmpty else { return 0 }
    let respondents = entries.map(\.respondent)
    _ = BeliefPools(respondents, divergence: respondents.count <= 50)
    for format in OutputFormat.allCases {
        _ = ResponseTable.render(entries.map { ($0.respondent, $0.comment, Date(timeIntervalSince1970: 0)) }, format: format)
    }
    return 0
}
