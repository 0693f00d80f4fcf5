import Foundation

/// Domain checks shared by every validated type.
enum Check {
    static func finite(_ value: Double, path: FieldPath) throws {
        guard value.isFinite else {
            throw InputError(path: path, expected: "a finite number", found: InputError.show(value))
        }
    }

    /// Whether a total fits the budget, allowing for rounding in sums of user-written amounts.
    static func fitsBudget(_ total: Double, _ budget: Double) -> Bool {
        total <= budget * (1 + 1e-12) + 1e-12
    }

    /// A slug of at most ``Scenario/maximumIdLength`` characters not used before in `list`
    /// (`seen` maps each name to the index that used it first).
    static func uniqueSlug(_ name: String, at index: Int, in list: FieldPath, field: String, seen: inout [String: Int]) throws {
        let path = list[index].appending(field)
        guard Scenario.isSlug(name) else {
            throw InputError(
                path: path, expected: "a slug (lowercase letters and digits joined by single hyphens)", found: "'\(name)'")
        }
        guard name.utf8.count <= Scenario.maximumIdLength else {
            throw InputError(
                path: path,
                expected: "\(field == "id" ? "an id" : "a \(field)") of at most \(Scenario.maximumIdLength) characters",
                found: "one of \(name.utf8.count)")
        }
        if let first = seen[name] {
            throw InputError(
                path: path, expected: "a unique \(field)", found: "'\(name)', already used by \(list[first])")
        }
        seen[name] = index
    }

    static func probability(_ value: Double, path: FieldPath) throws {
        try finite(value, path: path)
        guard (0...1).contains(value) else {
            throw InputError(path: path, expected: "a probability in [0, 1]", found: InputError.show(value))
        }
    }
}

extension Scenario {
    /// Whether `id` is a slug: lowercase letters and digits in words joined by single hyphens.
    public static func isSlug(_ id: String) -> Bool {
        guard !id.isEmpty, !id.hasPrefix("-"), !id.hasSuffix("-"), !id.contains("--") else { return false }
        return id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    static func check(programs: [Program], scale: Scale, budget: Double) throws {
        guard !programs.isEmpty else {
            throw InputError(path: "programs", expected: "at least one program", found: "none")
        }
        var indexOf: [String: Int] = [:]
        for (j, program) in programs.enumerated() {
            let path: FieldPath = "programs[\(j)]"
            try Check.uniqueSlug(program.id, at: j, in: "programs", field: "id", seen: &indexOf)
            try check(program: program, path: path, scale: scale, budget: budget)
        }
        for (j, program) in programs.enumerated() {
            for (r, required) in program.requires.enumerated() {
                let path: FieldPath = "programs[\(j)].requires[\(r)]"
                guard let target = indexOf[required] else {
                    throw InputError(
                        path: path, expected: "the id of a program in this scenario", found: "'\(required)'",
                        hint: Suggestion.nearest(to: required, in: programs.map(\.id)).map { "did you mean '\($0)'?" })
                }
                guard target != j else {
                    throw InputError(path: path, expected: "another program's id", found: "'\(required)', the program itself")
                }
            }
        }
        if let cycle = requirementCycle(programs, indexOf: indexOf) {
            let j = indexOf[cycle[0]]!
            throw InputError(
                path: "programs[\(j)].requires", expected: "requirements without a cycle",
                found: "the cycle " + (cycle + [cycle[0]]).joined(separator: " → "))
        }
        let required = Set(programs.flatMap(\.requires))
        guard required.count <= maximumRequiredPrograms else {
            throw InputError(
                .unsupported, path: "programs",
                expected:
                    "at most \(maximumRequiredPrograms) programs required by others (the exact model enumerates which of them are usable)",
                found: "\(required.count)")
        }
        guard Requirements.downSetCount(of: programs) != nil else {
            throw InputError(
                .unsupported, path: "programs",
                expected:
                    "requirements with at most \(Requirements.maximumDownSets) combinations of usable required programs, "
                    + "since the exact model sums over each and optimising more would take minutes",
                found: "\(required.count) required programs that can be usable in more combinations",
                hint: "a chain of n required programs gives n + 1 combinations; each independent one doubles the count")
        }
        let minimumTotal = programs.reduce(0) { $0 + $1.minimum }
        guard Check.fitsBudget(minimumTotal, budget) else {
            throw InputError(
                path: "programs", expected: "minimums whose total fits the budget (\(InputError.show(budget)))",
                found: "a total of \(InputError.show(minimumTotal))")
        }
    }

    private static func check(program: Program, path: FieldPath, scale: Scale, budget: Double) throws {
        switch (program.kind, program.level) {
        case (.technique, nil):
            throw InputError(path: path + ".level", expected: "a level for a technique", found: "none")
        case (.technique, let level?):
            guard (1...scale.levelCount).contains(level) else {
                throw InputError(
                    path: path + ".level", expected: "a level from 1 to \(scale.levelCount)", found: String(level))
            }
            guard !scale.isImpossible(level) else {
                throw InputError(
                    path: path + ".level", expected: "a level that is not impossible (no technique sits at an impossible level)",
                    found: "\(level), marked impossible")
            }
        case (_, let level?):
            throw InputError(
                path: path + ".level", expected: "no level: only techniques have one",
                found: "\(level) on a \(program.kind.rawValue) program")
        case (_, nil):
            break
        }
        try Check.finite(program.baseline, path: path + ".baseline")
        guard program.baseline >= 0 && program.baseline < 1 else {
            throw InputError(
                path: path + ".baseline", expected: "a probability in [0, 1)", found: InputError.show(program.baseline))
        }
        try Check.finite(program.ceiling, path: path + ".ceiling")
        guard program.ceiling > program.baseline && program.ceiling <= 1 else {
            throw InputError(
                path: path + ".ceiling",
                expected: "a probability above the baseline and at most 1, in (\(InputError.show(program.baseline)), 1]",
                found: InputError.show(program.ceiling))
        }
        try Check.finite(program.scale, path: path + ".scale")
        guard program.scale > 0 else {
            throw InputError(path: path + ".scale", expected: "a number > 0", found: InputError.show(program.scale))
        }
        try Check.probability(program.backfire, path: path + ".backfire")
        try Check.probability(program.evidence, path: path + ".evidence")
        try Check.probability(program.misuseReduction, path: path + ".misuse_reduction")
        try Check.byLevel(program.backfireByLevel, levelCount: scale.levelCount, path: path + ".backfire")
        try Check.byLevel(program.evidenceByLevel, levelCount: scale.levelCount, path: path + ".evidence")
        try Check.probability(program.falseAlarm, path: path + ".false_alarm")
        try Check.finite(program.minimum, path: path + ".min")
        guard program.minimum >= 0 else {
            throw InputError(path: path + ".min", expected: "a number ≥ 0", found: InputError.show(program.minimum))
        }
        if let maximum = program.maximum {
            try Check.finite(maximum, path: path + ".max")
            guard maximum >= program.minimum else {
                throw InputError(
                    path: path + ".max", expected: "a number ≥ min (\(InputError.show(program.minimum)))",
                    found: InputError.show(maximum))
            }
        }
    }

    /// A cycle of `requires`, as ids in order, or `nil` when the requirements form a DAG.
    static func requirementCycle(_ programs: [Program], indexOf: [String: Int]) -> [String]? {
        // 0 = unvisited, 1 = on the current path, 2 = finished.
        var state = [Int](repeating: 0, count: programs.count)
        var path: [Int] = []
        func visit(_ j: Int) -> [String]? {
            state[j] = 1
            path.append(j)
            for id in programs[j].requires {
                guard let next = indexOf[id] else { continue }
                if state[next] == 1 {
                    let start = path.firstIndex(of: next)!
                    return path[start...].map { programs[$0].id }
                }
                if state[next] == 0, let cycle = visit(next) { return cycle }
            }
            path.removeLast()
            state[j] = 2
            return nil
        }
        for j in programs.indices where state[j] == 0 {
            if let cycle = visit(j) { return cycle }
        }
        return nil
    }
}

/// Finds the nearest known word to a misspelt one, for "did you mean" hints.
public enum Suggestion {
    /// The one candidate that `word` begins (an abbreviation such as `interp` for
    /// `interpretability-oversight`), or else the candidate with the smallest edit distance to
    /// `word`, if it is close enough to be a plausible typo.
    public static func nearest(to word: String, in candidates: [String]) -> String? {
        let lowered = word.lowercased()
        let lowercased = candidates.map { (candidate: $0, lowered: $0.lowercased()) }
        if lowered.count >= 3 {
            let starting = lowercased.filter { $0.lowered.hasPrefix(lowered) && $0.lowered != lowered }
            if starting.count == 1 { return starting[0].candidate }
        }
        let limit = max(2, word.count / 3)
        // The edit distance is at least the difference in length, so a candidate further than
        // `limit` in length cannot be close enough: skipping it saves O(|word|·|candidate|) work
        // on a long word (a hostile file's key or level) and changes no answer.
        let length = lowered.count
        let scored = lowercased.filter { abs($0.lowered.count - length) <= limit }
            .map { ($0.candidate, distance(lowered, $0.lowered)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= limit ? best.0 : nil
    }

    /// Levenshtein distance between two strings, in characters.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
