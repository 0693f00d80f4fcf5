/// Inputs that the project's fuzzers once found to crash or hang a parser (Fuzz/), kept as
/// regression tests: every one must now get a clear answer.
public enum FuzzRegressions {
    /// Scenario files (YAML or JSON text).
    public static let scenarios: [String] = []
}
