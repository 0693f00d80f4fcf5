import AlignmentScale
import AlignmentScaleApp
import AlignmentScaleIO
import Foundation

/// libFuzzer entry: what a client sends the API. The first line is a query string (checked as an
/// analysis request of every kind on the default scenario, allocation included, and validated);
/// the rest is a survey post.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequest(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
    let data = Data(bytes: bytes, count: count)
    let newline = data.firstIndex(of: 10) ?? data.endIndex
    let query = String(decoding: data[data.startIndex..<newline], as: UTF8.self)
    let pairs = query.split(separator: "&").map { part -> (String, String) in
        let halves = part.split(separator: "=", maxSplits: 1).map(String.init)
        return (halves.first ?? "", halves.count > 1 ? halves[1] : "")
    }
    if let parsed = try? AnalysisQuery(pairs) {
        for kind in AnalysisKind.allCases {
            let request = try? parsed.request(kind, for: Scenario.builtinDefault, source: "")
            _ = try? request?.validate(limits: Limits.server)
        }
    }
    let body = newline < data.endIndex ? data[(newline + 1)...] : Data()
    _ = try? SurveyPost.decode(Data(body), levelCount: 10, weights: false, newID: { "r-fuzz" })
    return 0
}
