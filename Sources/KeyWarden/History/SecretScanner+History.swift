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
        try scanHistoryKnowingContent(at: path).report
    }

    /// `scanHistory(at:)`, and what the blobs with findings held (`KnownContent`), for a working-tree
    /// scan of the same repository; nothing is known when allowlists name commits.
    func scanHistoryKnowingContent(at path: String) throws(ScanError) -> (report: ScanReport, known: KnownContent) {
        let started = Date()
        let repository = try Self.openRepository(at: path)
        // The references do not say when unreachable objects come or go: no cache for such a scan.
        let cache = options.includeUnreachable ? nil : options.historyCacheDirectory.map { directory in
            HistoryCache(directory: directory, gitDirectory: repository.gitDirectory, ruleSet: rules.ruleSet, options: options)
        }
        let references = cache == nil ? nil : (try? repository.referenceState()).map(HistoryCache.digest(references:))
        var clean: [ObjectID: UInt64] = [:]
        var cacheNote: String?
        if let cache, let references {
            let loaded = cache.load(includingClean: false)
            if case .refused(let reason) = loaded {
                cacheNote = "the history cache entry was not used and is rebuilt: \(reason)"
            }
            if let cached = loaded.contents, cached.references == references {
                let (report, results) = try rescan(cached, repository: repository, started: started)
                return (report, knownContent(from: results))
            }
            // Only an entry made with these rules is read again, for its clean blobs.
            if loaded.contents != nil { clean = cache.load(includingClean: true).contents?.clean ?? [:] }
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
        if let cacheNote { report.notes.append(cacheNote) }
        if inventory.unreachableObjects > 0 {
            let count = inventory.unreachableObjects
            report.notes.append(
                inventory.unreachableScanned
                    ? "\(count) object\(count == 1 ? "" : "s") no reference reaches (amended or dropped commits, deleted branches) were scanned too: "
                        + "findings there name the unreachable commit, or the object itself"
                    : "\(count) object\(count == 1 ? "" : "s") no reference reaches \(count == 1 ? "was" : "were") not scanned "
                        + "(a commit amended away stays in every clone that fetched it): --include-unreachable scans them")
        }
        let withFindings = results.collect(into: &report, streamingCopiesTo: self)
        report.sortFindings()
        report.statistics.durationSeconds = Date().timeIntervalSince(started)
        if let cache, let references {
            cache.store(HistoryCache.Contents(
                // A scan that could not read everything is not reused whole: the next one reads
                // again what is not known to be clean.
                references: report.problems.isEmpty ? references : "incomplete", statistics: report.statistics,
                problems: report.problems, notes: report.notes, inventory: inventory.keeping(withFindings),
                clean: Dictionary(results.clean, uniquingKeysWith: { first, _ in first }), messages: results.messagesWithFindings))
        }
        return (report, knownContent(from: results))
    }

    /// What a working-tree file may take from the history's findings: nothing when an allowlist
    /// names commits, since then a commit's findings may not be the working tree's.
    private func knownContent(from results: HistoryScanResults) -> KnownContent {
        rules.ruleSet.hasCommitAllowlists ? .none : results.knownContent
    }

    /// The walk and the reading threads: the inventory, and what the threads found in the blobs.
    ///
    /// Each blob goes to the readers the moment the walk first meets it, with the commit and path
    /// that introduced it, so its findings are made with their provenance. When the walk is over, the
    /// later commits that put a blob at another path are known: where that path is judged like the
    /// first, the first path's findings are placed there too (`HistoryScanResults.collect`); where it
    /// is not (other rules apply, other allowlist paths match, or allowlists name commits), the blob
    /// goes to the readers again as that path, beside the blobs still to be read.
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
        var commits = FindingCommits()
        let inventory: HistoryInventory
        let later: LaterIntroductions
        do {
            inventory = try repository.historyInventory(
                onNewBlob: { blob, index, commit in
                    progress?.discovered(1)
                    fed += 1
                    found.append(BlobFeed.Item(
                        blob: blob.blob, index: index, path: blob.path, commit: commits.finding(blob.commit, commit),
                        isLaterIntroduction: false))
                    if found.count >= 256 {
                        feed.push(found)
                        found.removeAll(keepingCapacity: true)
                    }
                },
                onMessage: { message in
                    found.append(.message(message))
                    if found.count >= 256 {
                        feed.push(found)
                        found.removeAll(keepingCapacity: true)
                    }
                }, includingUnreachable: options.includeUnreachable)
            feed.push(found)
            guard fed == inventory.blobs.count else {
                // A scan that quietly read fewer blobs than it listed would be the worst outcome.
                throw ScanError.engine("the history walk listed \(inventory.blobs.count) blobs but handed \(fed) to the readers")
            }
            later = try laterIntroductions(of: inventory, commits: &commits)
        } catch {
            feed.finishWalk(threads: threads) { _ in [] }
            readers.wait()
            if let error = error as? GitError { throw .repository(error) }
            throw error as? ScanError ?? .engine("\(error)")
        }
        progress?.discovered(later.rescans.count)
        feed.push(later.rescans)
        let walkSeconds = Date().timeIntervalSince(started)
        feed.finishWalk(threads: threads) { repository.packOrder(of: $0) }
        read()
        readers.wait()
        var results = collected.withLock { $0 }
        if !results.workerErrors.isEmpty { throw .engine(results.workerErrors.joined(separator: "; ")) }
        results.walkSeconds = walkSeconds
        results.copies = later.copies
        return (inventory, results)
    }

    /// The later introductions of the inventory's blobs: those to scan again as their own path, and
    /// those that take the first path's findings.
    struct LaterIntroductions {
        var rescans: [BlobFeed.Item] = []
        var copies: [HistoryScanResults.Copy] = []
    }

    /// Where a path is judged like the blob's first path (same rules apply, same allowlist paths
    /// match) its findings are reused; otherwise, or when allowlists name commits, the blob is
    /// scanned again as that path, so `notes.txt` renamed to `.npmrc` is judged as `.npmrc`.
    func laterIntroductions(of inventory: HistoryInventory, commits: inout FindingCommits) throws -> LaterIntroductions {
        var later = LaterIntroductions()
        guard inventory.blobs.contains(where: { !$0.otherIntroductions.isEmpty }) else { return later }
        let detector = try SecretDetector(rules: rules)
        let perCommit = detector.hasCommitAllowlists
        var signatures: [String: [Bool]] = [:]
        func signature(_ path: String) -> [Bool] {
            if let known = signatures[path] { return known }
            let computed = detector.pathSignature(path)
            signatures[path] = computed
            return computed
        }
        for (index, blob) in inventory.blobs.enumerated() where !blob.otherIntroductions.isEmpty {
            let first = perCommit ? [] : signature(blob.path)
            for introduction in blob.otherIntroductions {
                let commit = commits.finding(introduction.commit, inventory.commits[introduction.commit])
                if !perCommit && signature(introduction.path) == first {
                    later.copies.append(HistoryScanResults.Copy(blob: index, path: introduction.path, commit: commit))
                } else {
                    later.rescans.append(BlobFeed.Item(
                        blob: blob.blob, index: index, path: introduction.path, commit: commit, isLaterIntroduction: true))
                }
            }
        }
        return later
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
                ? repository.packOrder(of: batch.items.map(\.blob)).map { batch.items[$0] } : batch.items
            for item in items {
                if item.message != nil {
                    results.merge(scanMessage(item, detector: detector))
                    continue
                }
                if item.isLaterIntroduction {
                    results.merge(scanBlob(item, detector: detector, repository: repository))
                    continue
                }
                let context = remembering ? HistoryCache.context(path: item.path, commitID: item.commit.id) : 0
                if let known = clean[item.blob], known & ~1 == context & ~1 {
                    results.statistics.blobsFromCache += 1
                    if known & 1 == 1 { results.statistics.skippedBinary += 1 } else { results.statistics.blobsScanned += 1 }
                    results.clean.append((item.blob, known))
                    progress?.finished(bytes: 0)
                    continue
                }
                let scanned = scanBlob(item, detector: detector, repository: repository)
                if remembering && scanned.findings.isEmpty && scanned.problems.isEmpty && scanned.statistics.skippedTooLarge == 0 {
                    // The lowest bit of the context records "binary", so the statistics come out the same.
                    results.clean.append((item.blob, context & ~1 | (scanned.statistics.skippedBinary > 0 ? 1 : 0)))
                }
                results.merge(scanned)
            }
        }
        return results
    }

    /// Scans a commit's or tag's message (carried by the item), its findings attributed to it.
    func scanMessage(_ item: BlobFeed.Item, detector: SecretDetector) -> HistoryScanResults {
        var results = HistoryScanResults()
        guard let message = item.message else { return results }
        do {
            let found = try message.withUnsafeBytes { buffer in
                try findings(in: buffer, path: item.path, detector: detector, source: item.source, commit: item.commit) ?? []
            }
            results.problems += detector.takeLimitProblems(path: "\(item.path) \(item.blob.hex)")
            results.statistics.bytesScanned += message.count
            if !found.isEmpty {
                stream(found)
                results.messageFindings += found
                results.messagesWithFindings.append(HistoryCache.MessageEntry(item: item))
            }
        } catch {
            results.problems.append(SkippedObject(subject: "\(item.path) \(item.blob.hex)", reason: "\(error)"))
        }
        return results
    }

    /// Reads and scans one blob of the history as the content of the item's path, its findings
    /// attributed to the item's commit. A later introduction is not counted again in the statistics.
    func scanBlob(_ item: BlobFeed.Item, detector: SecretDetector, repository: Repository) -> HistoryScanResults {
        var results = HistoryScanResults()
        let counts = !item.isLaterIntroduction
        do {
            let size = try repository.blobSize(item.blob)
            if size > options.maxFileSize {
                if counts {
                    results.statistics.skippedTooLarge += 1
                    results.statistics.sizeSkips.append(
                        SizeSkip(path: item.path, object: item.blob.hex, bytes: size, limit: options.maxFileSize, reason: .tooLarge))
                }
                return results
            }
            defer { results.problems += detector.takeLimitProblems(path: "\(item.path) (\(item.blob.hex))") }
            var sha256: String?
            let found = try repository.withBlob(item.blob) { buffer in
                if counts {
                    results.statistics.bytesScanned += buffer.count
                    if ContentLoader.isLFSPointer(buffer) { results.statistics.lfsPointers += 1 }
                }
                progress?.finished(bytes: buffer.count)
                let found = try findings(in: buffer, path: item.path, detector: detector, source: .history, commit: item.commit)
                // What a working-tree copy of this blob may take (`KnownContent`): only findings made
                // with nothing left unsaid.
                if counts, found?.isEmpty == false, !detector.hasPendingProblems { sha256 = SecretDigest.sha256Hex(bytes: buffer) }
                return found
            }
            if let found {
                if counts { results.statistics.blobsScanned += 1 }
                if !found.isEmpty {
                    stream(found)
                    results.findings.append(HistoryScanResults.Found(
                        blob: item.index, isFirstIntroduction: counts, path: item.path, findings: found, size: size, sha256: sha256))
                }
            } else if counts {
                results.statistics.skippedBinary += 1
                results.statistics.sizeSkips.append(binarySkip(path: item.path, object: item.blob.hex, bytes: size))
            }
        } catch {
            results.problems.append(SkippedObject(subject: "\(item.blob.hex) (\(item.path))", reason: "\(error)"))
        }
        return results
    }
}
