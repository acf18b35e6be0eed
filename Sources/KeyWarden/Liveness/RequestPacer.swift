import Foundation

/// Spaces request starts across threads so that one run never sends more than `perSecond` requests
/// in any second.
final class RequestPacer: Sendable {
    private let interval: Double
    private let nextStart = Locked<Double>(0)

    init(perSecond: Double) {
        interval = perSecond > 0 ? 1 / perSecond : 0
    }

    /// Blocks until this caller's turn.
    func waitForTurn() {
        let now = Self.now()
        let start = nextStart.withLock { next -> Double in
            let start = max(now, next)
            next = start + interval
            return start
        }
        if start > now { Thread.sleep(forTimeInterval: start - now) }
    }

    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
