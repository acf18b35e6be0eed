import GitStore

/// What the reading threads of a history scan found, each finding already attributed to the commit
/// and path of the introduction it was scanned as.
struct HistoryScanResults: Sendable {
    /// The findings of one blob scanned as one of its introductions.
    struct Found: Sendable {
        /// The blob's index in the walk's blob list.
        var blob: Int
        /// Scanned as the path and commit that first introduced it (not a later one's path).
        var isFirstIntroduction: Bool
        /// The path it was scanned as (a finding in an archive's member has a longer one).
        var path: String
        var findings: [Finding]
        /// The blob's size and the SHA-256 of its bytes, for `KnownContent`: set for a first
        /// introduction scanned with no problem.
        var size = 0
        var sha256: String?
    }

    /// A later introduction of a blob at a path judged like its first: it holds what the first holds.
    struct Copy: Sendable {
        var blob: Int
        var path: String
        var commit: FindingCommit
    }

    var findings: [Found] = []
    /// Findings in commit and tag messages, and the messages that had them (for the cache).
    var messageFindings: [Finding] = []
    var messagesWithFindings: [HistoryCache.MessageEntry] = []
    /// Set once, after the walk.
    var copies: [Copy] = []
    var statistics = ScanStatistics()
    var problems: [SkippedObject] = []
    var workerErrors: [String] = []
    /// Blobs judged clean, with their `HistoryCache` context; only when a history cache is in use.
    var clean: [(ObjectID, UInt64)] = []
    /// How long the walk took (set once, after the threads are done).
    var walkSeconds = 0.0

    mutating func merge(_ other: HistoryScanResults) {
        findings += other.findings
        messageFindings += other.messageFindings
        messagesWithFindings += other.messagesWithFindings
        copies += other.copies
        statistics.add(other.statistics)
        problems += other.problems
        workerErrors += other.workerErrors
        clean += other.clean
    }

    /// The findings of each blob scanned with no problem as its first introduction, by its bytes.
    var knownContent: KnownContent {
        var known = KnownContent()
        for found in findings where found.isFirstIntroduction {
            if let sha256 = found.sha256 { known.add(size: found.size, sha256: sha256, path: found.path, findings: found.findings) }
        }
        return known
    }

    /// Adds every finding to `report`: each scan's own, and at each copy the first introduction's
    /// findings placed at the copy's path and commit, which `scanner` streams (the scans' own were
    /// streamed as they were made). Returns the indices of the blobs with any.
    func collect(into report: inout ScanReport, streamingCopiesTo scanner: SecretScanner) -> Set<Int> {
        var first: [Int: Found] = [:]
        for found in findings {
            report.findings += found.findings
            if found.isFirstIntroduction { first[found.blob] = found }
        }
        for copy in copies {
            guard let scanned = first[copy.blob] else { continue }
            let copied = scanned.findings.map { $0.placed(at: copy.path, in: copy.commit, scannedAs: scanned.path) }
            scanner.stream(copied)
            report.findings += copied
        }
        report.findings += messageFindings
        return Set(findings.lazy.map(\.blob))
    }
}
