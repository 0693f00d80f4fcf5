import AlignmentScale
import Foundation

/// A CSV file as rows of fields, each with the line and column where it starts (RFC 4180: fields
/// separated by commas, optionally quoted with `"`, a doubled `""` inside quotes; LF or CRLF line
/// ends). Blank lines are skipped.
public struct CSVTable {
    public struct Cell {
        public let text: String
        public let line: Int
        public let column: Int
    }

    public let file: String?
    public let rows: [[Cell]]

    /// - Throws: ``InputError`` for unreadable bytes or an unterminated quote.
    /// - Complexity: one pass over the bytes; columns count characters (UTF-8 lead bytes).
    public init(data: Data, file: String?) throws {
        self.file = file
        guard !data.isEmpty else {
            throw InputError(
                .unreadable, location: SourceLocation(file: file), path: "", expected: "a CSV file", found: "an empty file")
        }
        var bytes = [UInt8](data)
        if let bad = CSVTable.firstUnreadableByte(bytes) {
            let (line, column) = Document.position(ofByte: bad, in: data)
            throw InputError(
                .unreadable, location: SourceLocation(file: file, line: line, column: column), path: "",
                expected: "UTF-8 text (CSV)",
                found: bytes[bad] == 0
                    ? "a NUL byte (binary data)"
                    : "the byte 0x\(String(bytes[bad], radix: 16, uppercase: true)), which is not UTF-8")
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        bytes.append(UInt8(ascii: "\n"))
        let quote = UInt8(ascii: "\"")
        let comma = UInt8(ascii: ",")
        let newline = UInt8(ascii: "\n")
        let ret = UInt8(ascii: "\r")
        var rows: [[Cell]] = []
        var row: [Cell] = []
        var field: [UInt8] = []
        var line = 1
        var column = 1
        var fieldLine = 1
        var fieldColumn = 1
        var quoted = false
        var wasQuoted = false
        func endField() {
            var slice = field[...]
            if !wasQuoted {
                while let first = slice.first, first == 32 || first == 9 { slice = slice.dropFirst() }
                while let last = slice.last, last == 32 || last == 9 { slice = slice.dropLast() }
            }
            row.append(Cell(text: String(decoding: slice, as: UTF8.self), line: fieldLine, column: fieldColumn))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if quoted {
                if c == quote {
                    if i + 1 < bytes.count && bytes[i + 1] == quote {
                        field.append(quote)
                        i += 1
                        column += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                    if c == newline {
                        line += 1
                        column = 0
                    }
                }
            } else if c == quote && field.allSatisfy({ $0 == 32 || $0 == 9 }) {
                quoted = true
                wasQuoted = true
                field.removeAll(keepingCapacity: true)
            } else if c == comma {
                endField()
                fieldLine = line
                fieldColumn = column + 1
            } else if c == newline || c == ret {
                if c == ret && i + 1 < bytes.count && bytes[i + 1] == newline { i += 1 }
                endField()
                rows.append(row)
                row = []
                line += 1
                column = 0
                fieldLine = line
                fieldColumn = 1
            } else {
                field.append(c)
            }
            i += 1
            if c & 0xC0 != 0x80 { column += 1 }
        }
        if quoted {
            throw InputError(
                .syntax, location: SourceLocation(file: file, line: fieldLine, column: fieldColumn), path: "",
                expected: "a closing quote", found: "the end of the file")
        }
        self.rows = rows.filter { !($0.count == 1 && $0[0].text.isEmpty) }
    }

    public init(contentsOf path: String) throws {
        try self.init(data: Document.read(path), file: path)
    }

    public func location(_ cell: Cell) -> SourceLocation { SourceLocation(file: file, line: cell.line, column: cell.column) }
}

extension CSVTable {
    /// The offset of the first byte that is NUL or not part of well-formed UTF-8 (RFC 3629:
    /// no overlong forms, no surrogates, nothing above U+10FFFF), or `nil` when all are readable.
    static func firstUnreadableByte(_ bytes: [UInt8]) -> Int? {
        var i = 0
        while i < bytes.count {
            let lead = bytes[i]
            if lead == 0 { return i }
            if lead < 0x80 {
                i += 1
                continue
            }
            // The allowed range of the second byte depends on the lead (RFC 3629, section 4).
            let length: Int
            var second: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: (length, second) = (3, 0xA0...0xBF)
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: (length, second) = (3, 0x80...0x9F)
            case 0xF0: (length, second) = (4, 0x90...0xBF)
            case 0xF1...0xF3: length = 4
            case 0xF4: (length, second) = (4, 0x80...0x8F)
            default: return i
            }
            guard i + length <= bytes.count else { return i }
            guard second.contains(bytes[i + 1]) else { return i }
            for k in 2..<length where !(0x80...0xBF).contains(bytes[i + k]) { return i }
            i += length
        }
        return nil
    }
}
