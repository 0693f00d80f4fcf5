import Foundation

/// A fresh temporary folder per test, removed by the caller when done.
public struct TemporaryFolder {
    public let path: String

    public init() {
        path = NSTemporaryDirectory() + "alignscale-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `contents` to `name` inside the folder and returns its path.
    @discardableResult
    public func write(_ name: String, _ contents: String) -> String {
        write(name, Data(contents.utf8))
    }

    @discardableResult
    public func write(_ name: String, _ data: Data) -> String {
        let file = path + "/" + name
        try! data.write(to: URL(fileURLWithPath: file))
        return file
    }

    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}
