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
    /// Called on the calling thread with the number of samples done so far.
    public var progress: (@Sendable (Int) -> Void)?
    /// Checked between waves of chunks; when it returns true the run stops early (the result then
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
enum ChunkedRun {
    /// A worker for runs whose work keeps no per-thread state.
    final class Stateless {}

    /// Calls `work(worker, chunk, range)` for every chunk of `0..<count`, in waves of a few chunks
    /// per worker, and `consume` with each result in chunk order after each wave. Memory is the
    /// results of one wave, whatever `count` is. Worker w only ever runs on one thread at a time.
    ///
    /// Within a wave each worker takes the next chunk not yet taken, so a worker that finishes
    /// early (a cheap chunk, or a thread the system ran sooner) does not wait at the wave's end
    /// while another works through a fixed share. Which worker runs a chunk never changes its
    /// result: a chunk draws from its own stream, and workers only lend scratch space (and sum
    /// counts, whose order does not matter).
    static func run<Worker: AnyObject, Result>(
        count: Int, chunkSize: Int = MonteCarloOptions.chunkSize, workers: [Worker],
        work: (Worker, Int, Range<Int>) -> Result, consume: (Result) -> Void, progress: ((Int) -> Void)? = nil,
        isCancelled: (() -> Bool)? = nil
    ) {
        withoutActuallyEscaping(work) { work in
            runEscaping(
                count: count, chunkSize: chunkSize, workers: workers, work: work, consume: consume, progress: progress,
                isCancelled: isCancelled)
        }
    }

    private static func runEscaping<Worker: AnyObject, Result>(
        count: Int, chunkSize: Int, workers: [Worker], work: @escaping (Worker, Int, Range<Int>) -> Result,
        consume: (Result) -> Void, progress: ((Int) -> Void)?, isCancelled: (() -> Bool)?
    ) {
        let chunks = (count + chunkSize - 1) / chunkSize
        let threads = workers.count
        let wave = threads * 4
        var first = 0
        while first < chunks {
            let last = min(first + wave, chunks)
            let results = UnsafeMutableBufferPointer<Result?>.allocate(capacity: last - first)
            results.initialize(repeating: nil)
            let start = first
            let next = ChunkCounter(start)
            let body = { (w: Int) in
                while true {
                    let chunk = next.take()
                    guard chunk < last else { return }
                    // Once cancelled, the rest of the wave is skipped (and nothing more consumed).
                    if isCancelled?() == true { return }
                    let range = chunk * chunkSize..<min((chunk + 1) * chunkSize, count)
                    results[chunk - start] = work(workers[w], chunk, range)
                }
            }
            if threads == 1 {
                body(0)
            } else {
                // Each worker writes only its own chunks' slots and uses only its own worker object.
                let shared = UncheckedSendable(body)
                DispatchQueue.concurrentPerform(iterations: threads) { shared.value($0) }
            }
            let complete = isCancelled?() != true || results.allSatisfy { $0 != nil }
            if complete {
                for i in 0..<(last - first) { consume(results[i]!) }
            }
            results.deinitialize()
            results.deallocate()
            if !complete { return }
            first = last
            progress?(min(last * chunkSize, count))
            if isCancelled?() == true { return }
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
}

/// The next chunk of a wave, taken by one worker at a time.
final class ChunkCounter: @unchecked Sendable {
    private var next: Int
    private let lock = NSLock()

    init(_ first: Int) { next = first }

    /// The next chunk's index (past the wave's end once every chunk is taken).
    func take() -> Int {
        lock.withLock {
            defer { next += 1 }
            return next
        }
    }
}

/// Hands a value to concurrent code whose safety the caller guarantees (disjoint writes, one
/// worker object per thread).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
