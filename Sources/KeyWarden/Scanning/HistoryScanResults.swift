import GitStore

/// What the scanning threads of a history scan found, before attribution to commits.
struct HistoryScanResults: Sendable {
    /// Findings by blob index (path of the first introduction, no commit yet).
    var findings: [(Int, [Finding])] = []
    var statistics = ScanStatistics()
    var problems: [SkippedObject] = []
    var workerErrors: [String] = []
    /// Blobs judged clean, with their `HistoryCache` context; only when a history cache is in use.
    var clean: [(ObjectID, UInt64)] = []
    /// How long the walk took (set once, after the threads are done).
    var walkSeconds = 0.0

    mutating func merge(_ other: HistoryScanResults) {
        findings += other.findings
        statistics.add(other.statistics)
        problems += other.problems
        workerErrors += other.workerErrors
        clean += other.clean
    }
}
