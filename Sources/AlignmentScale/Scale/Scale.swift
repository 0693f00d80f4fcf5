import Foundation

/// An ordinal scale of how hard it is to align transformative AI (<doc:TheScale>).
///
/// The built-in scale has ten levels (``Scale/builtin``); a user may define any scale with N ≥ 2
/// levels. A `Scale` value is always valid: construct one with ``init(levels:thresholds:failureModes:)``,
/// which checks every rule and throws an ``InputError`` naming the offending field.
public struct Scale: Sendable, Equatable {
    /// The levels in order, `levels[k - 1].number == k`.
    public let levels: [Level]
    /// Named thresholds between adjacent levels, ordered by `after`.
    public let thresholds: [Threshold]
    public let failureModes: [FailureMode]

    /// Creates a scale, checking every rule of <doc:TheScale>.
    ///
    /// Rules: at least two levels, numbered 1..N without gaps or repeats (any order in the input;
    /// stored sorted); bands never get easier as levels rise; each threshold lies between two
    /// existing levels, at most one per gap; failure-mode coverage is monotone and agrees with
    /// `first_addressed_at`; only the top level may be impossible.
    ///
    /// - Throws: ``InputError`` with the field path of the first broken rule, as the input listed it.
    public init(levels: [Level], thresholds: [Threshold], failureModes: [FailureMode]) throws {
        guard levels.count >= 2 else {
            throw InputError(
                path: "levels", expected: "at least 2 levels",
                found: levels.count == 1 ? "1 level" : "\(levels.count) levels")
        }
        var seen: [Int: Int] = [:]
        for (index, level) in levels.enumerated() {
            if let first = seen[level.number] {
                throw InputError(
                    path: "levels[\(index)].level", expected: "a level number not used before",
                    found: "\(level.number), already used by levels[\(first)]")
            }
            guard (1...levels.count).contains(level.number) else {
                throw InputError(
                    path: "levels[\(index)].level",
                    expected: "a number from 1 to \(levels.count) (levels are numbered 1..N without gaps)",
                    found: String(level.number))
            }
            seen[level.number] = index
            if level.name.trimmingCharacters(in: .whitespaces).isEmpty {
                throw InputError(path: "levels[\(index)].name", expected: "a non-empty name", found: "an empty string")
            }
        }
        let indexOf = seen
        let sorted = levels.sorted { $0.number < $1.number }
        for k in 1..<sorted.count where sorted[k].band < sorted[k - 1].band {
            throw InputError(
                path: "levels[\(indexOf[k + 1]!)].band",
                expected:
                    "a band at least as hard as level \(k)'s (\(sorted[k - 1].band.rawValue)); bands never get easier as levels rise",
                found: sorted[k].band.rawValue)
        }
        for k in 0..<(sorted.count - 1) where sorted[k].impossible {
            throw InputError(
                path: "levels[\(indexOf[k + 1]!)].impossible",
                expected: "false: only the top level (\(sorted.count)) may be impossible",
                found: "true at level \(k + 1)")
        }
        var gaps: Set<Int> = []
        for (index, threshold) in thresholds.enumerated() {
            guard (1..<sorted.count).contains(threshold.after) else {
                throw InputError(
                    path: "thresholds[\(index)].after",
                    expected: "a level from 1 to \(sorted.count - 1) (a threshold lies between two existing levels)",
                    found: String(threshold.after))
            }
            guard gaps.insert(threshold.after).inserted else {
                throw InputError(
                    path: "thresholds[\(index)].after", expected: "at most one threshold between two levels",
                    found: "a second threshold after level \(threshold.after)")
            }
        }
        for (index, mode) in failureModes.enumerated() {
            try Scale.checkCoverage(of: mode, at: index, levelCount: sorted.count)
        }
        self.levels = sorted
        self.thresholds = thresholds.sorted { $0.after < $1.after }
        self.failureModes = failureModes
    }

    private static func checkCoverage(of mode: FailureMode, at index: Int, levelCount: Int) throws {
        let path: FieldPath = "failure_modes[\(index)]"
        if let first = mode.firstAddressedAt, !(1...levelCount).contains(first) {
            throw InputError(
                path: path + ".first_addressed_at", expected: "a level from 1 to \(levelCount) or null",
                found: String(first))
        }
        for (position, level) in mode.coveredBy.enumerated() where !(1...levelCount).contains(level) {
            throw InputError(
                path: path + ".covered_by[\(position)]", expected: "a level from 1 to \(levelCount)",
                found: String(level))
        }
        let covered = Set(mode.coveredBy)
        // Monotone: once a level covers the mode, every harder level does too.
        if let lowest = covered.min() {
            for level in lowest...levelCount where !covered.contains(level) {
                throw InputError(
                    path: path + ".covered_by",
                    expected: "monotone coverage (a mode covered at level \(lowest) is covered by every level above it)",
                    found: "'\(mode.name)' covered at level \(lowest) but not at level \(level)")
            }
        }
        if covered.min() != mode.firstAddressedAt {
            throw InputError(
                path: path + ".first_addressed_at",
                expected: "the lowest covering level (\(covered.min().map(String.init) ?? "null"))",
                found: mode.firstAddressedAt.map(String.init) ?? "null")
        }
    }

    /// The number of levels, N.
    public var levelCount: Int { levels.count }

    /// The level numbered `number`, 1-based.
    public func level(_ number: Int) -> Level {
        precondition((1...levelCount).contains(number), "level \(number) outside 1...\(levelCount)")
        return levels[number - 1]
    }

    /// Whether no technique may sit at `number` (the top level, when marked impossible).
    public func isImpossible(_ number: Int) -> Bool { level(number).impossible }

    /// The failure modes whose techniques first address them at `number`.
    public func failureModesFirstAddressed(at number: Int) -> [FailureMode] {
        failureModes.filter { $0.firstAddressedAt == number }
    }

    /// The failure modes that a technique of level `number` covers.
    public func failureModesCovered(at number: Int) -> [FailureMode] {
        failureModes.filter { $0.coveredBy.contains(number) }
    }

    /// The threshold drawn right after level `number`, if any.
    public func threshold(after number: Int) -> Threshold? {
        thresholds.first { $0.after == number }
    }

    /// The distinct bands of this scale, easiest first, each with its levels.
    public var bands: [(band: Band, levels: [Int])] {
        var result: [(band: Band, levels: [Int])] = []
        for level in levels {
            if let last = result.last, last.band == level.band {
                result[result.count - 1].levels.append(level.number)
            } else {
                result.append((level.band, [level.number]))
            }
        }
        return result
    }
}
