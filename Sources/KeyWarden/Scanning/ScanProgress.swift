import Synchronization

/// Counts what a long scan has done so far and reports it now and then, for a progress line.
public final class ScanProgress: Sendable {
    /// A snapshot of the counters.
    public struct Snapshot: Sendable {
        public var items: Int
        public var bytes: Int
        /// Items known so far (the history walk may still be finding more).
        public var itemsKnown: Int
    }

    private let items = Atomic<Int>(0)
    private let bytes = Atomic<Int>(0)
    private let known = Atomic<Int>(0)
    private let report: @Sendable (Snapshot) -> Void
    /// Report every this many items.
    private let interval: Int

    public init(every interval: Int = 500, report: @escaping @Sendable (Snapshot) -> Void) {
        self.interval = max(1, interval)
        self.report = report
    }

    /// Counts items found (the history walk's new blobs); reports now and then while nothing is
    /// finished yet, so that the walk shows progress too.
    func discovered(_ count: Int) {
        let total = known.wrappingAdd(count, ordering: .relaxed).newValue
        if total / (interval * 10) != (total - count) / (interval * 10) && items.load(ordering: .relaxed) == 0 {
            report(snapshot)
        }
    }

    func finished(bytes count: Int) {
        bytes.wrappingAdd(count, ordering: .relaxed)
        let done = items.wrappingAdd(1, ordering: .relaxed).newValue
        if done % interval == 0 { report(snapshot) }
    }

    public var snapshot: Snapshot {
        Snapshot(
            items: items.load(ordering: .relaxed), bytes: bytes.load(ordering: .relaxed),
            itemsKnown: known.load(ordering: .relaxed))
    }
}
