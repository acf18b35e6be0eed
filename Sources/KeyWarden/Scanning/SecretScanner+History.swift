import Foundation
import GitStore

extension SecretScanner {
    /// Scans every blob reachable from every reference of the repository at `path`, each once,
    /// attributing findings to the commit and path that first introduced the blob (and to each later
    /// commit that put the same content at another path).
    ///
    /// The history walk runs on the calling thread; `options.threads - 1` threads read the blobs it
    /// finds meanwhile, in pack order batch by batch, and when it ends the rest is read in pack order
    /// by all the threads (see `BlobFeed`). In pack order each delta's base is still in libgit2's
    /// cache; in walk order the same blobs took a fifth longer to read.
    ///
    /// With `options.historyCacheDirectory` set, what the scan found is remembered (`HistoryCache`):
    /// when the references have not moved since, only the blobs that had findings are read again;
    /// when they have, the walk runs but blobs already judged clean at the same path and commit are
    /// not read.
    public func scanHistory(at path: String) throws(ScanError) -> ScanReport {
        let started = Date()
        let repository = try Self.openRepository(at: path)
        let cache = options.historyCacheDirectory.map { directory in
            HistoryCache(directory: directory, gitDirectory: repository.gitDirectory, ruleSet: rules.ruleSet, options: options)
        }
        let references = cache == nil ? nil : (try? repository.referenceState()).map(HistoryCache.digest(references:))
        var clean: [ObjectID: UInt64] = [:]
        if let cache, let references {
            let cached = cache.load(includingClean: false)
            if let cached, cached.references == references {
                return try rescan(cached, repository: repository, started: started)
            }
            // Only an entry made with these rules is read again, for its clean blobs.
            if cached != nil { clean = cache.load(includingClean: true)?.clean ?? [:] }
        }
        let (inventory, results) = try walkAndRead(repository, started: started, clean: clean, remembering: cache != nil)
        var report = ScanReport()
        report.rulesApplied = rules.ruleSet.rules.count
        report.statistics.add(results.statistics)
        report.statistics.commitsWalked = inventory.commits.count - inventory.taggedObjects
        report.statistics.historyWalkSeconds = results.walkSeconds
        report.problems = inventory.skipped + results.problems
        if repository.isShallow {
            report.notes.append("shallow clone: history before the shallow boundary is not present and was not scanned")
        }
        for submodule in inventory.submodulePaths.sorted() {
            report.notes.append("\(submodule): a submodule, not entered (scan its repository on its own)")
        }
        if inventory.taggedObjects > 0 {
            let count = inventory.taggedObjects
            report.notes.append(
                "\(count) tag\(count == 1 ? " points" : "s point") at a tree or blob rather than a commit: scanned too, "
                    + "findings there name the tag where a commit would be")
        }
        if let note = report.statistics.lfsNote { report.notes.append(note) }
        let withFindings = attribute(results.findings, of: inventory, repository: repository, to: &report)
        report.sortFindings()
        report.statistics.durationSeconds = Date().timeIntervalSince(started)
        if let cache, let references {
            cache.store(HistoryCache.Contents(
                // A scan that could not read everything is not reused whole: the next one reads
                // again what is not known to be clean.
                references: report.problems.isEmpty ? references : "incomplete", statistics: report.statistics,
                problems: report.problems, notes: report.notes, inventory: inventory.keeping(withFindings),
                clean: Dictionary(results.clean, uniquingKeysWith: { first, _ in first })))
        }
        return report
    }

    /// The walk and the reading threads: the inventory, and what the threads found in the blobs.
    private func walkAndRead(
        _ repository: Repository, started: Date, clean: [ObjectID: UInt64], remembering: Bool
    ) throws(ScanError) -> (HistoryInventory, HistoryScanResults) {
        let feed = BlobFeed()
        let gitDirectory = repository.gitDirectory
        let threads = max(1, options.threads)
        let collected = Locked(HistoryScanResults())
        let read: @Sendable () -> Void = {
            let results = readBlobs(from: feed, gitDirectory: gitDirectory, clean: clean, remembering: remembering)
            collected.withLock { $0.merge(results) }
        }
        let readers = DispatchGroup()
        for _ in 1..<threads { DispatchQueue.global().async(group: readers, execute: read) }
        var found: [BlobFeed.Item] = []
        var fed = 0
        let inventory: HistoryInventory
        do {
            inventory = try repository.historyInventory { blob, index, commit in
                progress?.discovered(1)
                fed += 1
                found.append(BlobFeed.Item(blob: blob, index: index, commitID: commit.hex))
                if found.count >= 256 {
                    feed.push(found)
                    found.removeAll(keepingCapacity: true)
                }
            }
        } catch {
            feed.finishWalk(threads: threads) { _ in [] }
            readers.wait()
            throw .repository(error)
        }
        feed.push(found)
        guard fed == inventory.blobs.count else {
            // A scan that quietly read fewer blobs than it listed would be the worst outcome.
            feed.finishWalk(threads: threads) { _ in [] }
            readers.wait()
            throw .engine("the history walk listed \(inventory.blobs.count) blobs but handed \(fed) to the readers")
        }
        let walkSeconds = Date().timeIntervalSince(started)
        feed.finishWalk(threads: threads) { repository.packOrder(of: $0) }
        read()
        readers.wait()
        var results = collected.withLock { $0 }
        if !results.workerErrors.isEmpty { throw .engine(results.workerErrors.joined(separator: "; ")) }
        results.walkSeconds = walkSeconds
        return (inventory, results)
    }

    /// Places the findings of each blob at its first commit and at each later introduction, into
    /// `report`; returns the indices of the blobs with any finding.
    func attribute(
        _ found: [(Int, [Finding])], of inventory: HistoryInventory, repository: Repository, to report: inout ScanReport
    ) -> Set<Int> {
        let foundByBlob = Dictionary(found, uniquingKeysWith: +)
        for (index, found) in foundByBlob {
            let first = Self.findingCommit(inventory.commits[inventory.blobs[index].commit])
            report.findings += found.map { finding in
                var placed = finding
                placed.commit = first
                return placed
            }
        }
        let later = laterIntroductions(of: inventory, found: foundByBlob, repository: repository, problems: &report.problems)
        for (_, found) in later { report.findings += found }
        return Set(foundByBlob.filter { !$0.value.isEmpty }.keys).union(later.filter { !$0.value.isEmpty }.keys)
    }

    /// The findings at the other paths later commits put a blob's content at (copies, renames), by
    /// blob index. Where a path is judged like the first one (same rules apply, same allowlist paths
    /// match) the first path's findings are reused; otherwise, or when allowlists name commits, the
    /// blob is scanned again as that path — so `notes.txt` renamed to `.npmrc` is judged as `.npmrc`.
    private func laterIntroductions(
        of inventory: HistoryInventory, found: [Int: [Finding]], repository: Repository, problems: inout [SkippedObject]
    ) -> [Int: [Finding]] {
        guard let detector = try? SecretDetector(rules: rules) else { return [:] }
        let perCommit = detector.hasCommitAllowlists
        var findings: [Int: [Finding]] = [:]
        for (index, blob) in inventory.blobs.enumerated() where !blob.otherIntroductions.isEmpty {
            let firstSignature = detector.pathSignature(blob.path)
            for introduction in blob.otherIntroductions {
                let commit = Self.findingCommit(inventory.commits[introduction.commit])
                let here: [Finding]
                if !perCommit && detector.pathSignature(introduction.path) == firstSignature {
                    here = found[index] ?? []
                } else {
                    do {
                        if try repository.blobSize(blob.blob) > options.maxFileSize { continue }
                        here = try repository.withBlob(blob.blob) { buffer in
                            try self.findings(
                                in: buffer, path: introduction.path, detector: detector, source: .history, commit: nil,
                                commitID: commit.id)
                        } ?? []
                        problems += detector.takeLimitProblems(path: "\(introduction.path) (\(blob.blob.hex))")
                    } catch {
                        problems.append(SkippedObject(subject: "\(blob.blob.hex) (\(introduction.path))", reason: "\(error)"))
                        continue
                    }
                }
                findings[index, default: []] += here.map { finding in
                    var copy = finding
                    copy.path = introduction.path
                    copy.commit = commit
                    return copy
                }
            }
        }
        return findings
    }

    /// One reading thread: its own detector and repository handle, batches from the feed until the
    /// walk is over and nothing is left. A blob in `clean` with the same path and commit is counted,
    /// not read; with `remembering`, each blob judged clean is returned for the cache.
    private func readBlobs(
        from feed: BlobFeed, gitDirectory: String, clean: [ObjectID: UInt64], remembering: Bool
    ) -> HistoryScanResults {
        var results = HistoryScanResults()
        let detector: SecretDetector
        let repository: Repository
        do {
            detector = try SecretDetector(rules: rules)
            repository = try Repository(at: gitDirectory)
        } catch {
            results.workerErrors.append("\(error)")
            while feed.next() != nil {}
            return results
        }
        while let batch = feed.next() {
            let items =
                batch.needsOrdering
                ? repository.packOrder(of: batch.items.map(\.blob.blob)).map { batch.items[$0] } : batch.items
            for item in items {
                let context = remembering ? HistoryCache.context(path: item.blob.path, commitID: item.commitID) : 0
                if let known = clean[item.blob.blob], known & ~1 == context & ~1 {
                    results.statistics.blobsFromCache += 1
                    if known & 1 == 1 { results.statistics.skippedBinary += 1 } else { results.statistics.blobsScanned += 1 }
                    results.clean.append((item.blob.blob, known))
                    progress?.finished(bytes: 0)
                    continue
                }
                let scanned = scanBlob(item.blob, index: item.index, commitID: item.commitID, detector: detector, repository: repository)
                if remembering && scanned.findings.isEmpty && scanned.problems.isEmpty && scanned.statistics.skippedTooLarge == 0 {
                    // The lowest bit of the context records "binary", so the statistics come out the same.
                    results.clean.append((item.blob.blob, context & ~1 | (scanned.statistics.skippedBinary > 0 ? 1 : 0)))
                }
                results.merge(scanned)
            }
        }
        return results
    }

    /// Reads and scans one blob of the history as the content of its first path.
    func scanBlob(
        _ blob: BlobIntroduction, index: Int, commitID: String, detector: SecretDetector, repository: Repository
    ) -> HistoryScanResults {
        var results = HistoryScanResults()
        do {
            if try repository.blobSize(blob.blob) > options.maxFileSize {
                results.statistics.skippedTooLarge += 1
                return results
            }
            defer { results.problems += detector.takeLimitProblems(path: "\(blob.path) (\(blob.blob.hex))") }
            let found = try repository.withBlob(blob.blob) { buffer in
                results.statistics.bytesScanned += buffer.count
                if ContentLoader.isLFSPointer(buffer) { results.statistics.lfsPointers += 1 }
                progress?.finished(bytes: buffer.count)
                return try findings(in: buffer, path: blob.path, detector: detector, source: .history, commit: nil, commitID: commitID)
            }
            if let found {
                results.statistics.blobsScanned += 1
                if !found.isEmpty { results.findings.append((index, found)) }
            } else {
                results.statistics.skippedBinary += 1
            }
        } catch {
            results.problems.append(SkippedObject(subject: "\(blob.blob.hex) (\(blob.path))", reason: "\(error)"))
        }
        return results
    }
}
