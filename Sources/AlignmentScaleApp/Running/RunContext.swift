import AlignmentScale
import Foundation

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

    /// The exact optimum of the last scenario this run asked about, kept so that a run needing it
    /// several times (a report: the best allocation, the margins and the scale there) computes it once.
    private let lastOptimum = OptimumMemo()

    /// The exact optimum of `scenario` (with the heuristics beside it), computed once per run.
    func optimum(of scenario: Scenario) -> Optimum {
        lastOptimum.value(for: scenario) { Optimum(scenario: scenario, options: optimizer) }
    }
}

/// One scenario's optimum, shared by the copies of a ``RunContext``.
private final class OptimumMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var entry: (scenario: Scenario, optimum: Optimum)?

    func value(for scenario: Scenario, _ compute: () -> Optimum) -> Optimum {
        if let entry = lock.withLock({ entry }), entry.scenario == scenario { return entry.optimum }
        let optimum = compute()
        lock.withLock { entry = (scenario, optimum) }
        return optimum
    }
}
