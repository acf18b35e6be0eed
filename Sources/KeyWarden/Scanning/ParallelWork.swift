import Dispatch
import Synchronization

/// Runs `body` over items `0..<count` on `threads` threads. Each thread makes its own worker state
/// (libgit2 handles, matcher scratch: never shared) and pulls the next item from a shared cursor,
/// so threads stay busy however unevenly the items are sized.
enum ParallelWork {
    static func run<Worker, Output: Sendable>(
        count: Int, threads: Int,
        makeWorker: @Sendable () throws -> Worker,
        body: @Sendable (inout Worker, Int) -> Output,
        combine: @Sendable (inout Output, Output) -> Void,
        initial: Output
    ) -> (output: Output, workerErrors: [String]) {
        // No item, no worker: making one costs a matcher (a database deserialized, scratch space).
        guard count > 0 else { return (initial, []) }
        let cursor = Atomic<Int>(0)
        let collected = Locked<(Output, [String])>((initial, []))
        let threadCount = max(1, min(threads, count))
        DispatchQueue.concurrentPerform(iterations: threadCount) { _ in
            var worker: Worker
            do {
                worker = try makeWorker()
            } catch {
                collected.withLock { $0.1.append("\(error)") }
                return
            }
            var local = initial
            while true {
                let index = cursor.wrappingAdd(1, ordering: .relaxed).oldValue
                if index >= count { break }
                combine(&local, body(&worker, index))
            }
            collected.withLock { combine(&$0.0, local) }
        }
        return collected.withLock { ($0.0, $0.1) }
    }

    /// Makes the parts of a long output on `threads` threads and hands them to `consume` in order, on
    /// the calling thread: items `0..<count` in batches of `batchSize`, `make` turning one batch into
    /// its part.
    static func inOrder<Part: Sendable>(
        count: Int, threads: Int, batchSize: Int,
        make: @Sendable (Range<Int>) -> Part,
        consume: (Part) -> Void
    ) {
        precondition(batchSize > 0, "batches of no items")
        let batches = stride(from: 0, to: count, by: batchSize).map { $0..<min(count, $0 + batchSize) }
        inOrder(batches: batches, threads: threads, make: make, consume: consume)
    }

    /// Makes the part of each batch on `threads` threads and hands the parts to `consume` in the
    /// batches' order, on the calling thread. A few batches per thread are made at a time, so what
    /// waits to be consumed stays a few parts however long the output. Fewer than two batches, or
    /// one thread, are made right here.
    static func inOrder<Part: Sendable>(
        batches: [Range<Int>], threads: Int,
        make: @Sendable (Range<Int>) -> Part,
        consume: (Part) -> Void
    ) {
        guard threads > 1, batches.count > 1 else {
            for batch in batches { consume(make(batch)) }
            return
        }
        let window = 4 * threads
        for first in stride(from: 0, to: batches.count, by: window) {
            let made = min(window, batches.count - first)
            let (parts, _) = run(
                count: made, threads: threads, makeWorker: {},
                body: { _, offset in [(offset, make(batches[first + offset]))] },
                combine: { $0 += $1 }, initial: [])
            for (_, part) in parts.sorted(by: { $0.0 < $1.0 }) { consume(part) }
        }
    }
}
