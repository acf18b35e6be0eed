import Foundation
import GitStore

extension SecretScanner {
    /// A history scan of references unchanged since `cached` was stored with the same rules: the
    /// blobs that had findings are read and scanned again (the cache holds no secret), and attributed
    /// as the full scan attributed them; every other count comes from the cache.
    func rescan(_ cached: HistoryCache.Contents, repository: Repository, started: Date) throws(ScanError) -> ScanReport {
        let detector: SecretDetector
        do {
            detector = try SecretDetector(rules: rules)
        } catch {
            throw .engine("\(error)")
        }
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
        var results = HistoryScanResults()
        for (index, blob) in cached.inventory.blobs.enumerated() {
            let item = BlobFeed.Item(
                blob: blob.blob, index: index, path: blob.path,
                commit: commits.finding(blob.commit, cached.inventory.commits[blob.commit]), isLaterIntroduction: false)
            results.merge(scanBlob(item, detector: detector, repository: repository))
        }
        for item in later.rescans { results.merge(scanBlob(item, detector: detector, repository: repository)) }
        for entry in cached.messages {
            guard let item = entry.item(in: repository) else { continue }
            results.merge(scanMessage(item, detector: detector))
        }
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
        return report
    }
}
