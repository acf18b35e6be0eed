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
}
