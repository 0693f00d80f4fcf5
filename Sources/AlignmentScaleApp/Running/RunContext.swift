import AlignmentScale

/// How a request runs, as opposed to what it asks: threads, a way to stop early, and a progress
/// display. The command line runs on every core with a progress bar on a terminal; a server runs
/// each request on one thread and stops it when its client leaves or its deadline passes.
public struct RunContext: Sendable {
    /// Worker threads of a random run (the same seed gives the same numbers whatever the count).
    public var threads: Int
    /// Asked between units of work; `true` stops the run with `CancellationError`.
    public var isCancelled: (@Sendable () -> Bool)?
    /// Makes the progress callback of a run of `total` steps called `label`, or answers `nil`.
    public var progress: (@Sendable (_ label: String, _ total: Int) -> (@Sendable (Int) -> Void)?)?

    public init(
        threads: Int, isCancelled: (@Sendable () -> Bool)? = nil,
        progress: (@Sendable (_ label: String, _ total: Int) -> (@Sendable (Int) -> Void)?)? = nil
    ) {
        self.threads = threads
        self.isCancelled = isCancelled
        self.progress = progress
    }

    /// Options of a random run of `samples` draws from `seed`, labelled `label` for the progress display.
    public func monteCarlo(_ samples: Int, seed: UInt64, label: String) -> MonteCarloOptions {
        MonteCarloOptions(
            samples: samples, seed: seed, threads: threads, progress: progress?(label, samples), isCancelled: isCancelled)
    }

    /// Options of an exact optimisation that stops when the run is cancelled.
    var optimizer: Optimizer.Options { Optimizer.Options(isCancelled: isCancelled) }
}
