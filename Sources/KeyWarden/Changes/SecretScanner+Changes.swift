import Foundation
import GitStore

extension SecretScanner {
    /// Scans what is about to be committed: the lines the index adds against HEAD (an unborn HEAD
    /// counts as empty), with line numbers of the staged files. `paths` (relative to the repository
    /// root) limits the scan to those files, as the pre-commit framework passes them.
    public func scanStaged(at path: String, limitedTo paths: [String] = []) throws(ScanError) -> ScanReport {
        let started = Date()
        let repository = try Self.openRepository(at: path, for: .staged)
        let files: [ChangedFile]
        do {
            files = try repository.stagedChanges(limitedTo: paths.isEmpty ? nil : paths)
        } catch {
            throw .repository(error)
        }
        var report = try scanChangedFiles(files, commits: [], repository: repository, source: .staged)
        if files.isEmpty {
            // Only when nothing was read: a second look at the index, so that the note says which.
            if !paths.isEmpty {
                report.notes.append("the files named add no staged lines: there was nothing to scan")
            } else if (try? repository.hasStagedChanges()) == false {
                report.notes.append("nothing is staged: there was nothing to scan")
            } else {
                report.notes.append(
                    "the staged changes add no lines (deletions or mode changes only): there was nothing to scan")
            }
        }
        report.statistics.durationSeconds = Date().timeIntervalSince(started)
        return report
    }

    /// Scans the content that the commits reachable from `including` but not from `excluding` add
    /// (with `excludingRemoteTracking`, also not from any remote-tracking branch): what CI and a
    /// pre-push hook need. Merge commits count with the lines new against all their parents.
    public func scanChanges(
        at path: String, including: [String], excluding: [String], excludingRemoteTracking: Bool = false,
        excludingRemote remote: String? = nil
    ) throws(ScanError) -> ScanReport {
        let started = Date()
        let repository = try Self.openRepository(at: path, for: .commits)
        let changes: ChangeSet
        do {
            changes = try repository.changes(
                including: including, excluding: excluding, excludingRemoteTracking: excludingRemoteTracking,
                excludingRemote: remote)
        } catch {
            throw .repository(error)
        }
        let commits = changes.commits.map(Self.findingCommit)
        var report = try scanChangedFiles(changes.files, commits: commits, repository: repository, source: .history)
        try scanMessages(changes.messages, of: commits, into: &report)
        report.statistics.commitsWalked = changes.commits.count
        if changes.commits.isEmpty { report.notes.append("the range holds no commits: there was nothing to scan") }
        report.statistics.durationSeconds = Date().timeIntervalSince(started)
        return report
    }

    /// Scans the commits' messages (every line of a message is new with its commit).
    private func scanMessages(_ messages: [[UInt8]], of commits: [FindingCommit], into report: inout ScanReport) throws(ScanError) {
        let detector: SecretDetector
        do {
            detector = try SecretDetector(rules: rules)
        } catch {
            throw .engine("\(error)")
        }
        for (message, commit) in zip(messages, commits) {
            do {
                let found = try message.withUnsafeBytes { buffer in
                    try findings(in: buffer, path: BlobFeed.Item.commitMessagePath, detector: detector, source: .commitMessage, commit: commit) ?? []
                }
                report.statistics.bytesScanned += message.count
                report.findings += found
                stream(found)
            } catch {
                report.problems.append(SkippedObject(subject: "\(BlobFeed.Item.commitMessagePath) \(commit.id)", reason: "\(error)"))
            }
        }
        report.sortFindings()
    }

    static func openRepository(at path: String, for purpose: RepositoryPurpose = .history) throws(ScanError) -> Repository {
        guard FileManager.default.fileExists(atPath: path) else { throw .pathNotFound(path) }
        do {
            return try Repository(discoveringFrom: path)
        } catch {
            throw error.isNotFound ? .notARepository(path, error, needed: purpose) : .repository(error)
        }
    }

    /// Scans each changed file's new content and keeps the findings on added lines.
    private func scanChangedFiles(
        _ files: [ChangedFile], commits: [FindingCommit], repository: Repository, source: Finding.Source
    ) throws(ScanError) -> ScanReport {
        var report = ScanReport()
        report.rulesApplied = rules.ruleSet.rules.count
        let detector: SecretDetector
        do {
            detector = try SecretDetector(rules: rules)
        } catch {
            throw .engine("\(error)")
        }
        // Keyed by bytes: `String` equality would take a path's composed and decomposed Unicode
        // spellings, two files to git that a path allowlist can tell apart, for one.
        var scannedBlobs: [[UInt8]: [Finding]?] = [:]
        for file in files {
            let commit = file.commit.map { commits[$0] }
            do {
                let size = try repository.blobSize(file.blob)
                if size > options.maxFileSize {
                    report.statistics.skippedTooLarge += 1
                    report.statistics.sizeSkips.append(
                        SizeSkip(path: file.path, object: file.blob.hex, bytes: size, limit: options.maxFileSize, reason: .tooLarge))
                    continue
                }
                let found: [Finding]?
                // Path and commit allowlists depend on where the content is: cache per blob, path and commit.
                let cacheKey = Array("\(file.blob.hex)\u{0}\(file.path)\u{0}\(commit?.id ?? "")".utf8)
                if let cached = scannedBlobs[cacheKey] {
                    found = cached
                } else {
                    found = try repository.withBlob(file.blob) { buffer in
                        report.statistics.bytesScanned += buffer.count
                        return try findings(in: buffer, path: file.path, detector: detector, source: source, commit: nil, commitID: commit?.id)
                    }
                    report.problems += detector.takeLimitProblems(path: file.path)
                    scannedBlobs[cacheKey] = found
                    if source == .history { report.statistics.blobsScanned += 1 }
                }
                guard let found else {
                    report.statistics.skippedBinary += 1
                    report.statistics.sizeSkips.append(binarySkip(path: file.path, object: file.blob.hex, bytes: size))
                    continue
                }
                report.statistics.filesScanned += 1
                // git's own "binary" (attributes, odd encodings) has no lines to compare: every finding
                // counts. A multi-line secret counts when any of its lines was added.
                let added = found.filter { finding in
                    file.isBinary || (finding.line...(finding.line + finding.secret.utf8.filter { $0 == 0x0A }.count))
                        .contains { file.addedLines.contains($0) }
                }
                let placed = added.map { finding in
                    // The path is the one scanned (an archive's member keeps `outer!inner`).
                    var placed = finding
                    placed.commit = commit
                    placed.source = source
                    return placed
                }
                report.findings += placed
                stream(placed)
            } catch {
                report.problems.append(SkippedObject(subject: "\(file.path) (\(file.blob.hex))", reason: "\(error)"))
            }
        }
        report.sortFindings()
        return report
    }
}

extension SecretScanner {
    /// Scans a commit message about to be recorded (the file git gives the commit-msg hook): every
    /// line above git's scissors line, which `commit --verbose` puts above the diff it shows.
    public func scanCommitMessage(at path: String) throws(ScanError) -> ScanReport {
        let started = Date()
        guard let data = FileManager.default.contents(atPath: path) else { throw .pathNotFound(path) }
        var bytes = [UInt8](data)
        if let scissors = Self.range(of: Array("# ------------------------ >8 ------------------------".utf8), in: bytes) {
            bytes.removeSubrange(scissors.lowerBound...)
        }
        return try scanBuffer(bytes, path: BlobFeed.Item.commitMessagePath, source: .commitMessage, started: started)
    }

    /// Where `needle` first occurs in `haystack`, if it does.
    static func range(of needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard needle.count <= haystack.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return start..<(start + needle.count) }
        }
        return nil
    }
}
