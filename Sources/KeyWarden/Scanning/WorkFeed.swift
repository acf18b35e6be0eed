import Dispatch

/// Hands items from one producer (the history walk) to several consumer threads (the blob
/// scanners) while the producer is still running, so reading and matching overlap the walk.
final class WorkFeed<Item: Sendable>: Sendable {
    private struct State {
        var items: [Item] = []
        var next = 0
        var isClosed = false
    }

    private let state = Locked(State())
    /// One signal per item, and one per consumer at close.
    private let available = DispatchSemaphore(value: 0)

    func push(_ batch: [Item]) {
        guard !batch.isEmpty else { return }
        state.withLock { $0.items += batch }
        for _ in batch { available.signal() }
    }

    /// No more items will come: wakes each of `consumers` so that `next()` returns nil once drained.
    func close(consumers: Int) {
        state.withLock { $0.isClosed = true }
        for _ in 0..<consumers { available.signal() }
    }

    /// The next item, waiting for one; nil when the feed is closed and drained.
    func next() -> Item? {
        available.wait()
        return state.withLock { state in
            guard state.next < state.items.count else { return nil }
            defer { state.next += 1 }
            return state.items[state.next]
        }
    }
}
