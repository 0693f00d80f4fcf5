import AlignmentScale
import Foundation

/// A file the tool could not write: a full disk, a missing folder, a read-only place. The
/// command's exit status is then 1 and nothing half-written is left behind.
public struct OutputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file as the user named it, or `standard output`.
    public var file: String
    /// The option that named it, such as `--svg` (`nil` for standard output).
    public var option: String?
    /// What the system said, such as "No space left on device".
    public var reason: String

    public init(file: String, option: String? = nil, reason: String) {
        self.file = file
        self.option = option
        self.reason = reason
    }

    public var description: String {
        "could not write \(option.map { "\($0) " } ?? "")\(file): \(reason)"
    }
}

/// Writes an output file so that a failure is reported and never leaves a partial or clobbered
/// file.
///
/// A regular file (or a new one) is written to a temporary file in the same folder and renamed
/// over the target only once every byte is on disk; a device or a pipe that already exists (such
/// as `/dev/stdout` or `/dev/full`) is written in place, never replaced. Every write is checked.
///
/// ```swift
/// let file = try OutputFile(path: "draws.csv", option: "--export-samples")
/// try file.append(Data("a,b\n".utf8))
/// try file.commit()
/// ```
public final class OutputFile {
    public let path: String
    public let option: String?
    private let handle: FileHandle
    /// The temporary file renamed over `path` on commit; `nil` when writing in place.
    private let temporary: String?
    private var finished = false

    /// Opens `path` for writing.
    /// - Throws: ``OutputError`` when the target is a directory or its folder cannot be written.
    public init(path: String, option: String?) throws {
        self.path = path
        self.option = option
        var status = stat()
        let exists = stat(path, &status) == 0
        if exists && (status.st_mode & S_IFMT) == S_IFDIR {
            throw OutputError(file: path, option: option, reason: "it is a directory")
        }
        if exists && (status.st_mode & S_IFMT) != S_IFREG {
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw OutputError(file: path, option: option, reason: "it cannot be opened for writing")
            }
            self.handle = handle
            temporary = nil
            return
        }
        let target = URL(fileURLWithPath: path)
        let partial = target.deletingLastPathComponent().appendingPathComponent(
            ".\(target.lastPathComponent).partial-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        ).path
        guard FileManager.default.createFile(atPath: partial, contents: nil), let handle = FileHandle(forWritingAtPath: partial)
        else {
            throw OutputError(file: path, option: option, reason: "its folder does not exist or cannot be written to")
        }
        self.handle = handle
        temporary = partial
    }

    deinit {
        if !finished { abandon() }
    }

    /// Appends bytes.
    /// - Throws: ``OutputError`` naming the file and the system's reason.
    public func append(_ data: Data) throws {
        do {
            try handle.write(contentsOf: data)
        } catch {
            abandon()
            throw OutputError(file: path, option: option, reason: OutputFile.reason(error))
        }
    }

    /// Flushes to disk and puts the file in place.
    /// - Throws: ``OutputError`` when the last bytes or the rename fail (the target is then untouched).
    public func commit() throws {
        guard !finished else { return }
        do {
            if temporary != nil { try handle.synchronize() }
            try handle.close()
        } catch {
            abandon()
            throw OutputError(file: path, option: option, reason: OutputFile.reason(error))
        }
        finished = true
        if let temporary, rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw OutputError(file: path, option: option, reason: reason)
        }
    }

    /// Gives up: closes the file and removes the temporary one; the target is untouched.
    public func abandon() {
        guard !finished else { return }
        finished = true
        try? handle.close()
        if let temporary { try? FileManager.default.removeItem(atPath: temporary) }
    }

    /// Writes `text` to `path` in one go.
    /// - Throws: ``OutputError``.
    public static func write(_ text: String, to path: String, option: String?) throws {
        let file = try OutputFile(path: path, option: option)
        try file.append(Data(text.utf8))
        try file.commit()
    }

    /// The system's words for a failed write, such as "No space left on device".
    static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        return nsError.localizedDescription
    }
}

/// Standard output, written in one checked write.
public enum StandardOutput {
    /// Writes `text` to standard output.
    /// - Throws: ``OutputError`` (a full disk, a closed pipe) instead of trapping.
    public static func write(_ text: String) throws {
        do {
            try FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
        } catch {
            throw OutputError(file: "standard output", reason: OutputFile.reason(error))
        }
    }
}
