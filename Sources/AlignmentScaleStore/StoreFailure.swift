import Foundation

/// The database answered, but refused a statement it should have accepted (a schema changed by
/// hand, a full disk). Not worth retrying as is.
public struct StoreFailure: Error, CustomStringConvertible, Sendable {
    public let location: String
    public let reason: String
    public var description: String { "the response store (\(location)) failed: \(reason)" }
}
