import AlignmentScale
import AlignmentScaleIO
import Foundation

/// libFuzzer entry: bytes as a scale file; a scale that loads is printed in every format.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScale(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
    let data = Data(bytes: bytes, count: count)
    guard let document = try? Document(data: data, file: "fuzz"), let scale = try? Scale(document: document) else { return 0 }
    for format in OutputFormat.allCases {
        _ = ScaleReport(scale).rendered(format)
        _ = scale.failureModeReport(format)
    }
    return 0
}
