import Dispatch
import Foundation

/// How to run a Monte Carlo job: how many samples, from which seed, on how many threads.
///
/// Samples are cut into chunks of ``chunkSize``; chunk c draws from ``SeededGenerator`` stream c of
/// the seed and its results are combined in chunk order. So the same seed gives bit-identical
/// results whatever the number of threads.
public struct MonteCarloOptions: Sendable {
    public var samples: Int
    public var seed: UInt64
    public var threads: Int
    /// Called with the number of samples done so far, one call at a time and in increasing order
    /// (on a worker's thread when the run has several).
    public var progress: (@Sendable (Int) -> Void)?
    /// Checked before every chunk; when it returns true the run stops early (the result then
    /// covers fewer samples and should be discarded, as a server does after a time limit).
    public var isCancelled: (@Sendable () -> Bool)?

    public static let chunkSize = 4096

    public init(
        samples: Int, seed: UInt64 = 1, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        progress: (@Sendable (Int) -> Void)? = nil, isCancelled: (@Sendable () -> Bool)? = nil
    ) {
        precondition(samples > 0 && threads > 0)
        self.isCancelled = isCancelled
        self.samples = samples
        self.seed = seed
        self.threads = threads
        self.progress = progress
    }
}

/// Runs chunks of work on a fixed number of workers and hands the results back in chunk order.
public enum ChunkedRun {
    /// A worker for runs whose work keeps no per-thread state.
    final class Stateless {}

    /// Calls `work(worker, chunk, range)` for every chunk of `0..<count` and `consume` with each
    /// result in chunk order. Memory is the results of one window of a few chunks per worker,
    /// whatever `count` is. Worker w only ever runs on one thread at a time.
    ///
    /// Each worker takes the next chunk not yet taken, as long as it lies within the window that
    /// starts at the oldest result not yet consumed; so no worker waits at a barrier while another
    /// finishes a chunk, only when it has run a whole window ahead. Which worker runs a chunk never
    /// changes its result: a chunk draws from its own stream, and workers only lend scratch space
    /// (and sum counts, whose order does not matter). `consume` and `progress` run one call at a
    /// time, in chunk order, on whichever thread finds the next result ready; `progress` is told
    /// the samples done at the end of every window's worth of chunks and at the end.
    static func run<Worker: AnyObject, Result>(
        count: Int, chunkSize: Int = MonteCarloOptions.chunkSize, workers: [Worker],
        work: (Worker, Int, Range<Int>) -> Result, consume: (Result) -> Void, progress: ((Int) -> Void)? = nil,
        isCancelled: (() -> Bool)? = nil
    ) {
        let chunks = (count + chunkSize - 1) / chunkSize
        let window = workers.count * 4
        func range(_ chunk: Int) -> Range<Int> { chunk * chunkSize..<min((chunk + 1) * chunkSize, count) }
        func report(_ consumed: Int) {
            if consumed % window == 0 || consumed == chunks { progress?(min(consumed * chunkSize, count)) }
        }
        let pipeline = ChunkPipeline<Result>(chunks: chunks, window: window)
        let serve = { (w: Int) in
            pipeline.serve(
                work: { chunk in work(workers[w], chunk, range(chunk)) },
                consume: { result, consumed in
                    consume(result)
                    report(consumed)
                }, isCancelled: isCancelled)
        }
        withoutActuallyEscaping(serve) { serve in
            // One worker serves on the calling thread.
            if workers.count == 1 { return serve(0) }
            // Each worker writes only the slots of the chunks it took and uses only its own worker object.
            let shared = UncheckedSendable(serve)
            DispatchQueue.concurrentPerform(iterations: workers.count) { shared.value($0) }
        }
    }

    /// Runs `work(worker, block)` for blocks 0..<blocks, spread over the workers, and returns the
    /// results in block order.
    static func map<Worker: AnyObject, Result>(blocks: Int, workers: [Worker], work: (Worker, Int) -> Result) -> [Result] {
        var out: [Result] = []
        out.reserveCapacity(blocks)
        run(count: blocks, chunkSize: 1, workers: workers, work: { w, block, _ in work(w, block) }, consume: { out.append($0) })
        return out
    }

    /// `work(i)` for every i in 0..<count on up to `threads` threads, the results in index order:
    /// for independent deterministic jobs (optimisations), whose results then do not depend on
    /// the thread count.
    static func map<Result>(count: Int, threads: Int, work: (Int) -> Result) -> [Result] {
        let workers = (0..<max(1, min(threads, count))).map { _ in Stateless() }
        return map(blocks: count, workers: workers) { _, i in work(i) }
    }

    /// `work(i)` for every i in 0..<count on up to `threads` threads, each result handed to
    /// `consume` in index order while later ones are still being made, and only a few held at
    /// once: for output made in pieces and written in order (a study's case export).
    public static func inOrder<Result>(
        count: Int, threads: Int, work: (Int) -> Result, consume: (Result) -> Void
    ) {
        let workers = (0..<max(1, min(threads, count))).map { _ in Stateless() }
        run(count: count, chunkSize: 1, workers: workers, work: { _, i, _ in work(i) }, consume: consume)
    }
}

/// The chunks of one ``ChunkedRun`` in flight: which chunk is next, the results not yet consumed
/// (a ring of `window` slots, from the oldest one not consumed), and whether a worker is consuming.
final class ChunkPipeline<Result>: @unchecked Sendable {
    private let chunks: Int
    private let window: Int
    private var slots: [Result?]
    private var next = 0
    private var consumed = 0
    private var consuming = false
    private var stopped = false
    private let condition = NSCondition()

    init(chunks: Int, window: Int) {
        self.chunks = chunks
        self.window = window
        slots = Array(repeating: nil, count: window)
    }

    /// One worker's part: takes chunks while any are left (and none is cancelled), runs them,
    /// and consumes every result that is next in chunk order, whoever ran it.
    func serve(
        work: (Int) -> Result, consume: (Result, _ consumed: Int) -> Void, isCancelled: (() -> Bool)?
    ) {
        while true {
            let cancelled = isCancelled?() == true
            condition.lock()
            // Once cancelled, no worker takes another chunk; the results already in order are consumed.
            if cancelled && !stopped {
                stopped = true
                condition.broadcast()
            }
            while !stopped && next < chunks && next >= consumed + window { condition.wait() }
            guard !stopped && next < chunks else {
                condition.unlock()
                return
            }
            let chunk = next
            next += 1
            condition.unlock()
            let result = work(chunk)
            condition.lock()
            slots[chunk % window] = result
            drain(consume)
            condition.unlock()
        }
    }

    /// Consumes the results that are ready, in chunk order, unless another worker is already
    /// doing so (it then finds this worker's result too). Called and returns with the lock held;
    /// `consume` runs without it.
    private func drain(_ consume: (Result, Int) -> Void) {
        guard !consuming else { return }
        consuming = true
        while let result = slots[consumed % window] {
            slots[consumed % window] = nil
            condition.unlock()
            consume(result, consumed + 1)
            condition.lock()
            consumed += 1
            condition.broadcast()
        }
        consuming = false
    }
}

/// Hands a value to concurrent code whose safety the caller guarantees (disjoint writes, one
/// worker object per thread).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
