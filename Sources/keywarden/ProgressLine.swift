import Foundation
import KeyWarden

/// A progress line redrawn on standard error while a history scan runs; only on a terminal.
final class ProgressLine: Sendable {
    private let started = Date()
    private let lastDrawn = Locked<Date>(.distantPast)

    /// A progress reporter when stderr is a terminal; nil otherwise (nothing is printed to pipes or logs).
    static func makeIfTerminal() -> ScanProgress? {
        guard Terminal.isTerminal(2) else { return nil }
        let line = ProgressLine()
        return ScanProgress(every: 200) { line.draw($0) }
    }

    func draw(_ snapshot: ScanProgress.Snapshot) {
        let now = Date()
        let due = lastDrawn.withLock { last -> Bool in
            guard now.timeIntervalSince(last) >= 0.2 else { return false }
            last = now
            return true
        }
        guard due else { return }
        let seconds = max(0.001, now.timeIntervalSince(started))
        let megabytes = Double(snapshot.bytes) / 1_000_000
        let text =
            snapshot.items == 0
            ? String(format: "\r\u{1B}[Kwalking history: %d blobs found", snapshot.itemsKnown)
            : String(
                format: "\r\u{1B}[Kscanning history: %d / %d blobs, %.0f MB, %.0f MB/s", snapshot.items, snapshot.itemsKnown,
                megabytes, megabytes / seconds)
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Clears the line before the report is written.
    static func clear() {
        if Terminal.isTerminal(2) { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
