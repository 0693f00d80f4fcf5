/// An alternative ordering of the technique families, as a scenario states it (<doc:DisputedOrderings>).
///
/// The programs' own `level` fields form the ordering named `main`; an alternative says which
/// techniques sit elsewhere in it (or are a dead end: never sufficient) and how much credence it
/// gets. Its worlds are then the pairs (ordering, level); see ``Worlds``.
///
/// ```yaml
/// orderings:
///   - name: interpretability-first
///     credence: 0.25
///     levels: {interpretability-oversight: 4, scalable-oversight: 5, ai-assisted-oversight: null}
/// ```
public struct Ordering: Sendable, Equatable {
    /// A slug, unique among the orderings and not `main`.
    public var name: String
    /// c_o ∈ [0, 1]; the main ordering gets 1 − Σ of the alternatives' credences.
    public var credence: Double
    /// Technique id → its level in this ordering, or `nil` when it is never sufficient here.
    /// Techniques it does not list keep their own level.
    public var levels: [LevelChange]
    /// Beliefs over the levels under this ordering; `nil` means the scenario's beliefs.
    public var beliefs: [Double]?

    /// One technique placed differently in an ordering.
    public struct LevelChange: Sendable, Equatable {
        public var id: String
        /// The level at which it suffices in this ordering; `nil`: never sufficient (a dead end).
        public var level: Int?

        public init(id: String, level: Int?) {
            self.id = id
            self.level = level
        }
    }

    /// The name of the ordering the programs' own levels form.
    public static let mainName = "main"

    public init(name: String, credence: Double, levels: [LevelChange], beliefs: [Double]? = nil) {
        self.name = name
        self.credence = credence
        self.levels = levels
        self.beliefs = beliefs
    }
}

extension Scenario {
    /// The most alternative orderings a scenario may have: each multiplies the worlds the exact
    /// model evaluates.
    public static let maximumOrderings = 16

    /// Checks the alternative orderings against the programs and the scale (<doc:DisputedOrderings>) and
    /// returns them with their beliefs normalised.
    ///
    /// - Throws: ``InputError`` at `orderings[i].FIELD` naming the ordering: an unknown or
    ///   non-technique id, a level outside 1..N or at an impossible level, a duplicate or reserved
    ///   name, credences that sum above 1, beliefs that break the rules of ``Scenario``'s beliefs.
    static func check(orderings: [Ordering], programs: [Program], scale: Scale, normalize: Bool) throws -> [Ordering] {
        guard orderings.count <= maximumOrderings else {
            throw InputError(
                .unsupported, path: "orderings", expected: "at most \(maximumOrderings) alternative orderings",
                found: "\(orderings.count)")
        }
        var names: [String: Int] = [:]
        var total = 0.0
        var checked: [Ordering] = []
        for (index, ordering) in orderings.enumerated() {
            let path: FieldPath = "orderings[\(index)]"
            let called = isSlug(ordering.name) ? " (ordering '\(ordering.name)')" : ""
            guard isSlug(ordering.name), ordering.name.utf8.count <= maximumIdLength else {
                throw InputError(
                    path: path + ".name",
                    expected: "a slug of at most \(maximumIdLength) characters (lowercase letters and digits joined by hyphens)",
                    found: "'\(ordering.name)'")
            }
            guard ordering.name != Ordering.mainName else {
                throw InputError(
                    path: path + ".name", expected: "a name other than 'main', which names the programs' own levels",
                    found: "'main'")
            }
            if let first = names[ordering.name] {
                throw InputError(
                    path: path + ".name", expected: "a name no other ordering uses",
                    found: "'\(ordering.name)', already used by orderings[\(first)]")
            }
            names[ordering.name] = index
            guard ordering.credence.isFinite, (0...1).contains(ordering.credence) else {
                throw InputError(
                    path: path + ".credence", expected: "a credence in [0, 1]\(called)", found: InputError.show(ordering.credence)
                )
            }
            total += ordering.credence
            var placed: Set<String> = []
            for change in ordering.levels {
                let field = (path + ".levels").appending(change.id)
                guard let program = programs.first(where: { $0.id == change.id }) else {
                    throw InputError(
                        path: field, expected: "the id of a technique in this scenario\(called)", found: "'\(change.id)'",
                        hint: Suggestion.nearest(to: change.id, in: programs.filter { $0.kind == .technique }.map(\.id))
                            .map { "did you mean '\($0)'?" })
                }
                guard program.kind == .technique else {
                    throw InputError(
                        path: field, expected: "a technique: only techniques have levels\(called)",
                        found: "'\(change.id)', a \(program.kind.rawValue) program")
                }
                guard placed.insert(change.id).inserted else {
                    throw InputError(
                        path: field, expected: "each technique at most once\(called)", found: "'\(change.id)' again")
                }
                if let level = change.level {
                    guard (1...scale.levelCount).contains(level) else {
                        throw InputError(
                            path: field, expected: "a level from 1 to \(scale.levelCount), or null for a dead end\(called)",
                            found: String(level))
                    }
                    guard !scale.isImpossible(level) else {
                        throw InputError(
                            path: field, expected: "a level that is not impossible, or null for a dead end\(called)",
                            found: "\(level), marked impossible")
                    }
                }
            }
            var checkedOrdering = ordering
            if let beliefs = ordering.beliefs {
                guard beliefs.count == scale.levelCount else {
                    throw InputError(
                        path: path + ".beliefs", expected: "one belief per level of the scale (\(scale.levelCount))\(called)",
                        found: "\(beliefs.count) \(beliefs.count == 1 ? "value" : "values")")
                }
                for (k, p) in beliefs.enumerated() {
                    guard p.isFinite, p >= 0 else {
                        throw InputError(
                            path: (path + ".beliefs")[k], expected: "a probability ≥ 0\(called)", found: InputError.show(p))
                    }
                }
                do {
                    checkedOrdering.beliefs = try Scenario.normalized(beliefs, normalize: normalize, path: path + ".beliefs")
                } catch var error as InputError {
                    error.expected += called
                    throw error
                }
            }
            checked.append(checkedOrdering)
        }
        guard total <= 1 + 1e-9 else {
            throw InputError(
                path: "orderings",
                expected: "credences of the alternative orderings summing to at most 1 (the rest goes to 'main')",
                found: "a sum of \(InputError.show(total)) over "
                    + orderings.map { "'\($0.name)' \(InputError.show($0.credence))" }.joined(separator: ", "))
        }
        return checked
    }
}
