import CGzipSize
import Dispatch

/// Counts the gzip-compressed size of a stream of bytes on a thread of its own, so that measuring
/// a report against GitHub's 10 MB limit runs on the second core while the report is rendered.
///
/// The zlib stream is made, fed and freed on that one thread; only byte chunks (copied) and the
/// final size cross between threads. At most `queueLimit` chunks wait: when zlib falls behind, the
/// writer waits for it rather than the queue growing with the report.
final class BackgroundGzipCounter: Sendable {
    private struct State {
        var chunks: [[UInt8]] = []
        var isFinished = false
        var failed = false
        var size: UInt64 = 0
    }

    private static let queueLimit = 16
    private let state = Locked(State())
    /// One signal per chunk queued, and one for the end.
    private let work = DispatchSemaphore(value: 0)
    private let slots = DispatchSemaphore(value: BackgroundGzipCounter.queueLimit)
    private let done = DispatchSemaphore(value: 0)
    private let started = DispatchSemaphore(value: 0)

    private let effort: ReportOutput.GzipEffort

    /// nil when zlib cannot start.
    init?(effort: ReportOutput.GzipEffort) {
        self.effort = effort
        DispatchQueue.global(qos: .userInitiated).async { [self] in run() }
        started.wait()
        if state.withLock({ $0.failed }) {
            done.wait()
            return nil
        }
    }

    /// Queues a copy of `bytes` to be compressed.
    func add(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        slots.wait()
        state.withLock { $0.chunks.append(bytes) }
        work.signal()
    }

    /// Waits until everything queued is compressed; the compressed size, or nil when zlib failed.
    /// Call it once.
    func finish() -> UInt64? {
        state.withLock { $0.isFinished = true }
        work.signal()
        done.wait()
        return state.withLock { $0.failed ? nil : $0.size }
    }

    private func run() {
        guard let counter = kw_gzip_size_new(effort.level) else {
            state.withLock { $0.failed = true }
            started.signal()
            done.signal()
            return
        }
        started.signal()
        while true {
            work.wait()
            let chunk: [UInt8]? = state.withLock { $0.chunks.isEmpty ? nil : $0.chunks.removeFirst() }
            guard let chunk else { break }  // the end: every chunk queued before it is taken
            slots.signal()
            let failed = chunk.withUnsafeBytes { kw_gzip_size_add(counter, $0.baseAddress, $0.count) } != 0
            if failed { state.withLock { $0.failed = true } }
        }
        let size = kw_gzip_size_finish(counter)
        kw_gzip_size_free(counter)
        state.withLock { $0.size = size }
        done.signal()
    }
}
