import AlignmentScale
import Foundation

/// The database answered, but refused a statement it should have accepted (a schema changed by
/// hand, a full disk). Not worth retrying as is.
public struct StoreFailure: Error, CustomStringConvertible, Sendable {
    public let location: String
    public let reason: String
    public var description: String { "the response store (\(location)) failed: \(reason)" }
}

/// The store's location (a file's path or a `postgres://` URL) cannot be used: it is malformed, it
/// is not a response store, or the database refuses the user, password or database it names.
///
/// Says what was expected and what was found (a URL always with its password masked), and
/// nothing about where the location came from: the edge that read it (a command's flag, an
/// environment variable) turns it into an input error there (``inputError(at:)``).
public struct StoreLocationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let expected: String
    public let found: String
    public let hint: String?
    /// The file, when the location is one (an SQLite store).
    public let file: String?

    public init(expected: String, found: String, hint: String? = nil, file: String? = nil) {
        self.expected = expected
        self.found = found
        self.hint = hint
        self.file = file
    }

    public var description: String { inputError(at: FieldPath(key: "the response store's location")).description }

    /// The same problem as an input error at `path` (such as the flag that named the location).
    public func inputError(at path: FieldPath) -> InputError {
        InputError(
            file == nil ? .invalid : .unreadable, location: file.map { SourceLocation(file: $0) }, path: path,
            expected: expected, found: found, hint: hint)
    }
}
