/// Text from users (ids, comments, names, values echoed in errors) made safe for a terminal or a
/// table: control characters, which could move the cursor, clear the screen or split a row, are
/// shown as visible escapes instead.
public enum TerminalText {
    /// `text` with every control character (C0, DEL, C1, and the line and paragraph separators)
    /// written as `\u{XX}`; tabs, newlines and carriage returns too, since a table row must stay one line.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        return text.unicodeScalars.map(escaped).joined()
    }

    /// One scalar, escaped if it is a control character.
    static func escaped(_ scalar: Unicode.Scalar) -> String {
        isControl(scalar) ? "\\u{\(String(scalar.value, radix: 16, uppercase: true))}" : String(scalar)
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029 || (0x202A...0x202E).contains(v)
            || (0x2066...0x2069).contains(v)
    }
}
