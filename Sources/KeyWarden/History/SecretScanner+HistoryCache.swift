import Foundation
import GitStore

extension SecretScanner {
    /// A history scan of references unchanged since `cached` was stored with the same rules: the
    /// blobs that had findings are read and scanned again (the cache holds no secret), and attributed
    /// as the full scan attributed them; every other count comes from the cache.
    func rescan(
        _ cached: HistoryCache.Contents, repository: Repository, started: Date
    ) throws(ScanError) -> (report: ScanReport, results: HistoryScanResults) {
        var report = ScanReport()
        report.rulesApplied = rules.ruleSet.rules.count
        report.statistics = cached.statistics
        report.problems = cached.problems
        report.notes = cached.notes
        // The blobs with findings, each as its first introduction and then as every later one that
        // is judged differently; the rest of the later introductions take the first's findings.
        var commits = FindingCommits()
        let later: LaterIntroductions
        do {
            later = try laterIntroductions(of: cached.inventory, commits: &commits)
        } catch {
            throw .engine("\(error)")
        }
        // Every blob to read again, then every message, on all the threads (each with its own
        // detector and libgit2 handle): a history whose findings are many is read again in parallel.
        let items =
            cached.inventory.blobs.enumerated().map { index, blob in
                BlobFeed.Item(
                    blob: blob.blob, index: index, path: blob.path,
                    commit: commits.finding(blob.commit, cached.inventory.commits[blob.commit]), isLaterIntroduction: false)
            } + later.rescans + cached.messages.compactMap { $0.item(in: repository) }
        let gitDirectory = repository.gitDirectory
        let (scanned, workerErrors) = ParallelWork.run(
            count: items.count, threads: options.threads,
            makeWorker: { (try SecretDetector(rules: rules), try Repository(at: gitDirectory)) },
            body: { worker, index in
                let item = items[index]
                return item.message == nil
                    ? scanBlob(item, detector: worker.0, repository: worker.1) : scanMessage(item, detector: worker.0)
            },
            combine: { $0.merge($1) }, initial: HistoryScanResults())
        if !workerErrors.isEmpty { throw .engine(workerErrors.joined(separator: "; ")) }
        var results = scanned
        results.copies = later.copies
        report.statistics.bytesScanned = results.statistics.bytesScanned
        report.statistics.blobsFromCache =
            cached.statistics.blobsScanned + cached.statistics.skippedBinary - cached.inventory.blobs.count
        report.problems += results.problems
        _ = results.collect(into: &report, streamingCopiesTo: self)
        report.notes.append(
            "the references have not moved since the last history scan with these rules: \(report.statistics.blobsFromCache) "
                + "blobs judged clean then were not read again (--no-cache reads everything)")
        report.sortFindings()
        report.statistics.durationSeconds = Date().timeIntervalSince(started)
        return (report, results)
    }
}
