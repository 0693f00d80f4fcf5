import AlignmentScale

/// What one field of an input file may hold: the single description that the readers take their
/// keys, required fields and expectations from, and that ``JSONSchema`` turns into a schema.
public indirect enum Shape: Sendable {
    /// A number in a range.
    case number(NumberRange)
    /// A whole number in a range.
    case integer(NumberRange)
    /// A number in a range, or a distribution of such numbers (AlignmentScale.docc/UncertainParameters.md).
    case uncertain(NumberRange)
    /// Text, optionally matching a regular expression and no longer than `maxLength` characters.
    case text(pattern: String? = nil, maxLength: Int? = nil)
    /// One of these words.
    case choice([String])
    case boolean
    /// A JSON null (YAML `null` or `~`).
    case null
    /// A list of items of one shape.
    case list(Shape, minItems: Int? = nil, maxItems: Int? = nil)
    /// A mapping with free keys (matching `keys`) and values of one shape.
    case map(keys: String, values: Shape, maxEntries: Int? = nil)
    /// A mapping with known keys.
    case object(ObjectSpec)
    /// Any one of these shapes.
    case either([Shape])
    /// A fixed value.
    case constant(Int)
}

/// Bounds of a number; `nil` means unbounded on that side.
public struct NumberRange: Sendable, Equatable {
    public var minimum: Double?
    public var maximum: Double?
    /// Whether the bound itself is excluded.
    public var exclusiveMinimum = false
    public var exclusiveMaximum = false

    public init(minimum: Double? = nil, maximum: Double? = nil, exclusiveMinimum: Bool = false, exclusiveMaximum: Bool = false) {
        self.minimum = minimum
        self.maximum = maximum
        self.exclusiveMinimum = exclusiveMinimum
        self.exclusiveMaximum = exclusiveMaximum
    }

    public static let any = NumberRange()
    /// [0, 1].
    public static let probability = NumberRange(minimum: 0, maximum: 1)
    /// [0, 1).
    public static let probabilityBelowOne = NumberRange(minimum: 0, maximum: 1, exclusiveMaximum: true)
    /// (0, ∞).
    public static let positive = NumberRange(minimum: 0, exclusiveMinimum: true)
    /// [0, ∞).
    public static let nonNegative = NumberRange(minimum: 0)
}

/// One key of a mapping.
public struct KeySpec: Sendable {
    public let name: String
    public let shape: Shape
    public let required: Bool
    /// What it means, in a sentence; the schema's `description`, and what an error expects.
    public let description: String
    /// The default when the key is left out, as a file would write it.
    public let defaultValue: String?

    public init(
        _ name: String, _ shape: Shape, required: Bool = false, default defaultValue: String? = nil, _ description: String
    ) {
        self.name = name
        self.shape = shape
        self.required = required
        self.description = description
        self.defaultValue = defaultValue
    }

    /// A key of the scenario file: its name and, unless `defaultValue` is given, its default as the
    /// core declares them.
    init(
        _ field: ScenarioField, _ shape: Shape, required: Bool = false, default defaultValue: String? = nil,
        _ description: String
    ) {
        self.init(
            field.rawValue, shape, required: required, default: defaultValue ?? field.defaultNumber.map(InputError.show),
            description)
    }

    /// A program's key whose name and default the core declares.
    init(program field: ProgramField, _ shape: Shape, required: Bool = false, _ description: String) {
        self.init(field.rawValue, shape, required: required, default: field.defaultNumber.map(InputError.show), description)
    }
}

/// A mapping with known keys; any other key is an error that names the nearest known one.
public struct ObjectSpec: Sendable {
    public let title: String
    public let description: String
    public let keys: [KeySpec]

    public init(title: String, description: String, keys: [KeySpec]) {
        self.title = title
        self.description = description
        self.keys = keys
    }

    /// The known keys, in the order files usually write them.
    public var names: [String] { keys.map(\.name) }

    /// The key called `name` (a precondition: the readers only ask for keys they declared).
    public subscript(name: String) -> KeySpec {
        guard let key = keys.first(where: { $0.name == name }) else { preconditionFailure("no key '\(name)' in \(title)") }
        return key
    }
}

extension Mapping {
    /// The field for a key the format requires, or an error naming it and saying what it holds.
    func required(_ key: KeySpec) throws -> Field {
        try required(key.name, expected: key.description)
    }
}
