import AlignmentScale
import AlignmentScaleIO
import Foundation

/// libFuzzer entry: bytes as a YAML document, to hold the reader to its bound on aliases. Any
/// document it accepts must hold at most `Document.valueLimit(forBytes:)` values with every alias
/// expanded (counted here by walking the composed tree, independently of the count made on the
/// parser's events before composing); a document past the bound must be refused, quickly (the
/// fuzzer's time limit catches one that is not). A scenario is then read from it, which walks
/// every field.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAliases(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
    let data = Data(bytes: bytes, count: count)
    guard let document = try? Document(data: data, file: "fuzz") else { return 0 }
    let limit = Document.valueLimit(forBytes: data.count)
    if document.countValues(upTo: limit) > limit {
        fatalError("accepted a document of more than \(limit) values once its aliases are expanded")
    }
    _ = try? Scenario(document: document, scaleFiles: .refused, limits: .server)
    return 0
}
