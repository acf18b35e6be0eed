import Foundation
import GitStore

/// Scans working trees, git history and single buffers with one compiled rule set.
///
/// ```swift
/// let scanner = SecretScanner(rules: try CompiledRuleSet(try RuleSet.defaults()))
/// let report = try scanner.scanHistory(at: "/path/to/repo")
/// ```
public struct SecretScanner: Sendable {
    public let rules: CompiledRuleSet
    public var options: ScanOptions
    /// Told how far a history scan has got, for a progress line; nil for none.
    public var progress: ScanProgress?

    public init(rules: CompiledRuleSet, options: ScanOptions = ScanOptions(), progress: ScanProgress? = nil) {
        self.rules = rules
        self.options = options
        self.progress = progress
    }

    /// The findings in `bytes`, scanned as the content of `path` in the working tree.
    public func findings(in bytes: [UInt8], path: String) throws -> [Finding] {
        let detector = try SecretDetector(rules: rules)
        return try bytes.withUnsafeBytes { buffer in
            try findings(in: buffer, path: path, detector: detector, source: .worktree, commit: nil) ?? []
        }
    }

    /// Scans several directories or files into one report.
    public func scanWorkingTrees(at paths: [String]) throws(ScanError) -> ScanReport {
        guard paths.count != 1 else { return try scanWorkingTree(at: paths[0]) }
        var report = ScanReport()
        for path in paths {
            let part = try scanWorkingTree(at: path)
            report.merge(part)
            report.statistics.durationSeconds += part.statistics.durationSeconds
            report.rulesApplied = part.rulesApplied
        }
        report.sortFindings()
        return report
    }

    /// Scans the files under `path`: a directory (in a repository, `.gitignore` is honoured) or one file.
    public func scanWorkingTree(at path: String) throws(ScanError) -> ScanReport {
        let started = Date()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .pathNotFound(path) }
        var report = ScanReport()
        report.rulesApplied = rules.ruleSet.rules.count
        let files: [WorkingTreeFile]
        if isDirectory.boolValue {
            let repository = try? Repository(discoveringFrom: path)
            var walker = WorkingTreeWalker(root: path, repository: repository)
            walker.walk()
            files = walker.files
            report.statistics = walker.statistics
            report.problems = walker.problems
            report.notes = walker.notes
        } else {
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            files = [WorkingTreeFile(path: (path as NSString).lastPathComponent, absolutePath: path.utf8CString.map { $0 }, size: size)]
        }
        let maxFileSize = options.maxFileSize
        let (partial, workerErrors) = ParallelWork.run(
            count: files.count, threads: options.threads, makeWorker: { try SecretDetector(rules: rules) },
            body: { detector, index in scanFile(files[index], detector: detector, maxFileSize: maxFileSize) },
            combine: { $0.merge($1) }, initial: ScanReport())
        report.merge(partial)
        if !workerErrors.isEmpty { throw .engine(workerErrors.joined(separator: "; ")) }
        if let note = report.statistics.lfsNote { report.notes.append(note) }
        report.sortFindings()
        report.statistics.durationSeconds = Date().timeIntervalSince(started)
        return report
    }

    private func scanFile(_ file: WorkingTreeFile, detector: SecretDetector, maxFileSize: Int) -> ScanReport {
        var report = ScanReport()
        if file.size > maxFileSize {
            report.statistics.skippedTooLarge += 1
            return report
        }
        if file.size > Self.chunkSize { return scanLargeFile(file, detector: detector) }
        let bytes: [UInt8]
        do {
            bytes = try FileReader.read(file.absolutePath, limit: maxFileSize)
        } catch {
            report.problems.append(SkippedObject(subject: file.path, reason: "\(error)"))
            return report
        }
        if bytes.count > maxFileSize {
            report.statistics.skippedTooLarge += 1
            return report
        }
        report.statistics.filesScanned += 1
        report.statistics.bytesScanned += bytes.count
        do {
            let found = try bytes.withUnsafeBytes { buffer in
                if ContentLoader.isLFSPointer(buffer) { report.statistics.lfsPointers += 1 }
                return try findings(in: buffer, path: file.path, detector: detector, source: .worktree, commit: nil)
            }
            report.problems += detector.takeLimitProblems(path: file.path)
            guard let found else {
                report.statistics.filesScanned -= 1
                report.statistics.skippedBinary += 1
                return report
            }
            report.findings = found
        } catch {
            report.problems.append(SkippedObject(subject: file.path, reason: "\(error)"))
        }
        return report
    }

    /// Scans every blob reachable from every reference of the repository at `path`, each once,
    /// attributing findings to the commit and path that first introduced the blob (and to each later
    /// commit that put the same content at another path).
    ///
    /// The history walk runs on the calling thread; `options.threads - 1` threads read the blobs it
    /// finds meanwhile, in pack order batch by batch, and when it ends the rest is read in pack order
    /// by all the threads (see `BlobFeed`). In pack order each delta's base is still in libgit2's
    /// cache; in walk order the same blobs took a fifth longer to read.
    public func scanHistory(at path: String) throws(ScanError) -> ScanReport {
        let started = Date()
        let repository = try Self.openRepository(at: path)
        var report = ScanReport()
        report.rulesApplied = rules.ruleSet.rules.count
        let feed = BlobFeed()
        let gitDirectory = repository.gitDirectory
        let maxFileSize = options.maxFileSize
        let threads = max(1, options.threads)
        let collected = Locked(HistoryScanResults())
        let read: @Sendable () -> Void = {
            let results = readBlobs(from: feed, gitDirectory: gitDirectory, maxFileSize: maxFileSize)
            collected.withLock { $0.merge(results) }
        }
        let readers = DispatchGroup()
        for _ in 1..<threads { DispatchQueue.global().async(group: readers, execute: read) }
        var found: [BlobFeed.Item] = []
        let inventory: HistoryInventory
        do {
            inventory = try repository.historyInventory { blob, index, commit in
                progress?.discovered(1)
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
        report.statistics.historyWalkSeconds = Date().timeIntervalSince(started)
        feed.finishWalk(threads: threads) { repository.packOrder(of: $0) }
        read()
        readers.wait()
        let results = collected.withLock { $0 }
        if !results.workerErrors.isEmpty { throw .engine(results.workerErrors.joined(separator: "; ")) }

        report.statistics.add(results.statistics)
        report.statistics.commitsWalked = inventory.commits.count
        report.problems = inventory.skipped + results.problems
        if repository.isShallow {
            report.notes.append("shallow clone: history before the shallow boundary is not present and was not scanned")
        }
        for submodule in inventory.submodulePaths.sorted() {
            report.notes.append("\(submodule): a submodule, not entered (scan its repository on its own)")
        }
        if let note = report.statistics.lfsNote { report.notes.append(note) }
        let foundByBlob = Dictionary(results.findings, uniquingKeysWith: +)
        for (index, found) in foundByBlob {
            let blob = inventory.blobs[index]
            let first = Self.findingCommit(inventory.commits[blob.commit])
            report.findings += found.map { finding in
                var placed = finding
                placed.commit = first
                return placed
            }
        }
        report.findings += laterIntroductions(
            of: inventory, found: foundByBlob, repository: repository, problems: &report.problems)
        report.sortFindings()
        report.statistics.durationSeconds = Date().timeIntervalSince(started)
        return report
    }

    /// The findings at the other paths later commits put a blob's content at (copies, renames). Where a
    /// path is judged like the first one (same rules apply, same allowlist paths match) the first
    /// path's findings are reused; otherwise, or when allowlists name commits, the blob is scanned
    /// again as that path — so `notes.txt` renamed to `.npmrc` is judged as `.npmrc`.
    private func laterIntroductions(
        of inventory: HistoryInventory, found: [Int: [Finding]], repository: Repository, problems: inout [SkippedObject]
    ) -> [Finding] {
        guard let detector = try? SecretDetector(rules: rules) else { return [] }
        let perCommit = detector.hasCommitAllowlists
        var findings: [Finding] = []
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
                findings += here.map { finding in
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
    /// walk is over and nothing is left.
    private func readBlobs(from feed: BlobFeed, gitDirectory: String, maxFileSize: Int) -> HistoryScanResults {
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
                results.merge(scanBlob(
                    item.blob, index: item.index, commitID: item.commitID, detector: detector, repository: repository,
                    maxFileSize: maxFileSize))
            }
        }
        return results
    }

    /// Reads and scans one blob of the history as the content of its first path.
    private func scanBlob(
        _ blob: BlobIntroduction, index: Int, commitID: String, detector: SecretDetector, repository: Repository,
        maxFileSize: Int
    ) -> HistoryScanResults {
        var results = HistoryScanResults()
        do {
            if try repository.blobSize(blob.blob) > maxFileSize {
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

    /// Findings in one buffer; nil when the content is binary.
    func findings(
        in buffer: UnsafeRawBufferPointer, path: String, detector: SecretDetector, source: Finding.Source,
        commit: FindingCommit?, commitID: String? = nil
    ) throws -> [Finding]? {
        let id = commitID ?? commit?.id
        switch ContentLoader.classify(buffer) {
        case .binary:
            return nil
        case .text:
            return try locate(try detector.detect(in: buffer, path: path, commit: id), in: buffer, path: path, source: source, commit: commit)
        case .transcoded(let bytes):
            return try bytes.withUnsafeBytes { text in
                try locate(try detector.detect(in: text, path: path, commit: id), in: text, path: path, source: source, commit: commit)
            }
        }
    }

    func locate(
        _ detections: [Detection], in buffer: UnsafeRawBufferPointer, path: String, source: Finding.Source,
        commit: FindingCommit?
    ) throws -> [Finding] {
        let locator = LineLocator(buffer: buffer)
        let namespace = detections.isEmpty ? nil : ManifestNamespace.declared(in: buffer, path: path)
        return detections.map { detection in
            let rule = rules.ruleSet.rules[detection.ruleIndex]
            let (line, column) = locator.location(of: detection.offset)
            var finding = Finding(
                ruleID: rule.id, ruleDescription: rule.description, provider: rule.provider, secret: detection.secret,
                path: path, line: line, column: column, source: source, commit: commit, encoding: detection.encoding)
            finding.namespace = namespace
            return finding
        }
    }

    static func findingCommit(_ commit: CommitInfo) -> FindingCommit {
        FindingCommit(
            id: commit.id.hex, authorName: commit.authorName, authorEmail: commit.authorEmail,
            date: ISODate.format(seconds: commit.authorTime, offsetMinutes: commit.authorOffsetMinutes),
            time: commit.authorTime, summary: commit.summary)
    }
}
