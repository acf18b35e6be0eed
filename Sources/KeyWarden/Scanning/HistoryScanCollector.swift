/// Gathers the scanning threads' results of a history scan.
final class HistoryScanCollector: Sendable {
    private let results = Locked(HistoryScanResults())

    func add(_ partial: HistoryScanResults) {
        results.withLock { $0.merge(partial) }
    }

    var collected: HistoryScanResults { results.withLock { $0 } }
}
