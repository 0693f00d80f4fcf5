/// The tool's version, shown in reports.
public enum Version {
    public static let current = "0.2.0"
}
