import Foundation

/// One person's view: beliefs over the levels of a scale and a weight in the pools (<doc:ManyViews>).
public struct Respondent: Sendable, Equatable {
    public var id: String
    /// w > 0; weights are normalised across respondents when pooling.
    public var weight: Double
    /// p_k for k = 1..N, summing to 1.
    public var beliefs: [Double]

    /// The longest id, in UTF-8 bytes.
    public static let maximumIdBytes = 100
    /// The largest weight: enough for any real weighting, small enough that a thousand times a
    /// million responses still sum without overflow.
    public static let maximumWeight = 1e6
    /// The longest comment, in UTF-8 bytes.
    public static let maximumCommentBytes = 2000

    /// - Throws: ``InputError`` at the field `fields` names for an id that is empty, longer than
    ///   ``maximumIdBytes`` or not made of letters, digits and `-_.`; a weight that is not in
    ///   (0, ``maximumWeight``]; or beliefs that are negative, not finite, or do not sum to 1 within
    ///   1e-6 (beliefs off by more than 1e-12 are then rescaled to sum to 1).
    /// - Parameters:
    ///   - id: a name for the respondent.
    ///   - weight: how much the respondent counts in the pools.
    ///   - beliefs: p₁ … p_N over the scale's levels.
    ///   - levelCount: the scale's N.
    ///   - fields: where each value was written, for errors (by default `id`, `weight`, `beliefs`
    ///     and `pK` at the top of the input).
    ///   - checkingID: `false` only for responses read back from a store, whose ids an
    ///     earlier version may have accepted under looser rules (they are still shown escaped).
    public init(
        id: String, weight: Double = 1, beliefs: [Double], levelCount: Int, fields: Fields = .within(.root),
        checkingID: Bool = true
    ) throws {
        if checkingID { try Respondent.check(id: id, path: fields.id) }
        guard weight.isFinite, weight > 0, weight <= Respondent.maximumWeight else {
            throw InputError(
                path: fields.weight, expected: "a weight > 0 and at most \(InputError.show(Respondent.maximumWeight))",
                found: InputError.show(weight))
        }
        guard beliefs.count == levelCount else {
            throw InputError(
                path: fields.beliefs, expected: "one belief per level of the scale (\(levelCount))",
                found: "\(beliefs.count)")
        }
        for (k, p) in beliefs.enumerated() {
            guard p.isFinite, p >= 0 else {
                throw InputError(path: fields.belief(k), expected: "a probability ≥ 0", found: InputError.show(p))
            }
        }
        let total = beliefs.reduce(0, +)
        guard abs(total - 1) <= 1e-6 else {
            throw InputError(
                path: fields.beliefs, expected: "beliefs summing to 1 (within 1e-6)",
                found: "a sum of \(InputError.show(total))")
        }
        self.id = id
        self.weight = weight
        // Beliefs already summing to 1 up to rounding are kept exactly as written, so that storing
        // and reading them back changes nothing.
        self.beliefs = abs(total - 1) <= 1e-12 ? beliefs : beliefs.map { $0 / total }
    }

    /// Where each of a respondent's values was written, so that an error names it as the user
    /// wrote it: a file's fields, or a command's flags.
    public struct Fields: Sendable {
        public var id: FieldPath
        public var weight: FieldPath
        public var beliefs: FieldPath
        /// The belief in level k + 1 (k from 0).
        public var belief: @Sendable (Int) -> FieldPath

        public init(id: FieldPath, weight: FieldPath, beliefs: FieldPath, belief: @escaping @Sendable (Int) -> FieldPath) {
            self.id = id
            self.weight = weight
            self.beliefs = beliefs
            self.belief = belief
        }

        /// `id`, `weight`, `beliefs` and `p1` … `pN` under `path`.
        public static func within(_ path: FieldPath) -> Fields {
            Fields(id: path + "id", weight: path + "weight", beliefs: path + "beliefs", belief: { path + "p\($0 + 1)" })
        }
    }

    /// Checks an id: 1 to ``maximumIdBytes`` bytes of ASCII letters, digits, `-`, `_` and `.`,
    /// so that it is safe in a terminal, a file name, a URL and a CSV cell.
    /// - Throws: ``InputError`` at `path` saying which rule it breaks.
    public static func check(id: String, path: FieldPath) throws {
        guard !id.isEmpty else {
            throw InputError(path: path, expected: "an id of 1 to \(maximumIdBytes) characters", found: "nothing")
        }
        guard id.utf8.count <= maximumIdBytes else {
            throw InputError(
                path: path, expected: "an id of at most \(maximumIdBytes) bytes", found: "one of \(id.utf8.count) bytes")
        }
        if let bad = id.unicodeScalars.first(where: { !isIdScalar($0) }) {
            throw InputError(
                path: path, expected: "an id of letters, digits, '-', '_' and '.' only",
                found: "'\(InputError.clip(id, limit: 40))', which has \(describe(bad))")
        }
    }

    /// Checks a comment: at most ``maximumCommentBytes`` bytes, and no control characters other
    /// than line breaks and tabs (which outputs still escape).
    /// - Throws: ``InputError`` at `path`.
    public static func check(comment: String, path: FieldPath) throws {
        guard comment.utf8.count <= maximumCommentBytes else {
            throw InputError(
                path: path, expected: "a comment of at most \(maximumCommentBytes) bytes",
                found: "one of \(comment.utf8.count) bytes")
        }
        if let bad = comment.unicodeScalars.first(where: { TerminalText.isControl($0) && $0 != "\n" && $0 != "\t" && $0 != "\r" })
        {
            throw InputError(path: path, expected: "a comment without control characters", found: "one with \(describe(bad))")
        }
        // Invisible characters change how the rest of a line reads (bidi overrides reorder it,
        // zero-width marks hide text between look-alikes) without showing themselves.
        if let bad = comment.unicodeScalars.first(where: {
            $0.properties.generalCategory == .format || $0.properties.isNoncharacterCodePoint
        }) {
            throw InputError(
                path: path,
                expected:
                    "a comment without invisible formatting characters (direction marks, zero-width characters, byte order marks) or noncharacters",
                found: "one with U+\(String(format: "%04X", bad.value))")
        }
    }

    static func isIdScalar(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "-" || c == "_" || c == "."
    }

    static func describe(_ scalar: Unicode.Scalar) -> String {
        TerminalText.isControl(scalar)
            ? "the control character U+\(String(format: "%04X", scalar.value))" : "the character '\(scalar)'"
    }
}
