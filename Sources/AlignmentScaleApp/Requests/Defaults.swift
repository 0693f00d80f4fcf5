import AlignmentScale

/// Defaults shared by the command line and the server.
public enum Defaults {
    /// Base samples n of the Sobol indices (safety is evaluated n·(d + 2) times).
    public static let sensitivitySamples = 4096
    /// Bootstrap resamples of the Sobol intervals.
    public static let bootstrap = 200
    /// Trajectories of a race.
    public static let trajectories = 100_000
    /// Years a race's fan chart covers when nothing else says.
    public static let horizon = 30.0
    /// Seed of every random run.
    public static let seed: UInt64 = 1
    /// Cases of a study.
    public static let studyCases = 1000
    /// How a study searches each case's optimum: the quick search, which runs the full
    /// multi-start only for the cases whose few starts disagree (`full` reproduces `optimize`'s
    /// search on every case).
    public static let studySearch = Study.Options.defaultSearch
    /// Dirichlet concentration of a study's belief profiles around the scenario's beliefs.
    public static let concentration = 2.0
    /// What a unit spent after an experiment's result counts, against one spent now (`plan`).
    public static let laterValue = TwoStagePlan.defaultLaterValue
    /// Joint draws of `robust`.
    public static let robustDraws = 1000
    /// ε of `robust`: one percentage point.
    public static let within = 0.01
    /// The density `robust`'s discovery box must reach.
    public static let threshold = 0.8
}
