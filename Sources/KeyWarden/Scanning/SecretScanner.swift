import Archives
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
    /// Told of each finding as it is made (see `FindingSink`); nil for none.
    public var findingSink: (any FindingSink)?

    public init(
        rules: CompiledRuleSet, options: ScanOptions = ScanOptions(), progress: ScanProgress? = nil, findingSink: (any FindingSink)? = nil
    ) {
        self.rules = rules
        self.options = options
        self.progress = progress
        self.findingSink = findingSink
    }

    /// The findings in `bytes`, scanned as the content of `path` in the working tree.
    public func findings(in bytes: [UInt8], path: String) throws -> [Finding] {
        let detector = try SecretDetector(rules: rules)
        return try bytes.withUnsafeBytes { buffer in
            try findings(in: buffer, path: path, detector: detector, source: .worktree, commit: nil) ?? []
        }.filter { !$0.isInlineAllowed }
    }

    /// Hands `findings` to the sink, if there is one, without the inline-allowed ones.
    func stream(_ findings: [Finding]) {
        guard let findingSink, !findings.isEmpty else { return }
        let reported = findings.filter { !$0.isInlineAllowed }
        if !reported.isEmpty { findingSink.found(reported) }
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
        try scanWorkingTree(at: path, knowing: .none)
    }

    /// `scanWorkingTree(at:)`, taking the findings of a file whose bytes and path a history scan of
    /// the same repository already judged (`KnownContent`) rather than making them again.
    func scanWorkingTree(at path: String, knowing known: KnownContent) throws(ScanError) -> ScanReport {
        let started = Date()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .pathNotFound(path) }
        var report = ScanReport()
        report.rulesApplied = rules.ruleSet.rules.count
        let files: [WorkingTreeFile]
        if isDirectory.boolValue {
            var repository: Repository?
            var unopened: GitError?
            do {
                repository = try Repository(discoveringFrom: path)
            } catch {
                // Not found is an ordinary folder; anything else is a repository keywarden cannot read.
                if !error.isNotFound { unopened = error }
            }
            var walker = WorkingTreeWalker(root: path, repository: repository)
            walker.walk()
            files = walker.files
            report.statistics = walker.statistics
            report.problems = walker.problems
            report.notes = walker.notes
            if let unopened {
                report.notes.append(
                    "\(path) is in a git repository keywarden cannot open (\(unopened.message)): its files were scanned as a plain "
                        + "folder, without .gitignore; --history, --staged and --range cannot scan it")
            }
        } else {
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            files = [WorkingTreeFile(path: (path as NSString).lastPathComponent, absolutePath: path.utf8CString.map { $0 }, size: size)]
        }
        let maxFileSize = options.maxFileSize
        let (partial, workerErrors) = ParallelWork.run(
            count: files.count, threads: options.threads, makeWorker: { try SecretDetector(rules: rules) },
            body: { detector, index in
                let scanned = scanFile(files[index], detector: detector, maxFileSize: maxFileSize, known: known)
                stream(scanned.findings)
                return scanned
            },
            combine: { $0.merge($1) }, initial: ScanReport())
        report.merge(partial)
        if !workerErrors.isEmpty { throw .engine(workerErrors.joined(separator: "; ")) }
        if let note = report.statistics.lfsNote { report.notes.append(note) }
        report.sortFindings()
        report.statistics.durationSeconds = Date().timeIntervalSince(started)
        return report
    }

    private func scanFile(_ file: WorkingTreeFile, detector: SecretDetector, maxFileSize: Int, known: KnownContent) -> ScanReport {
        var report = ScanReport()
        if file.size > maxFileSize {
            report.statistics.skippedTooLarge += 1
            report.statistics.sizeSkips.append(SizeSkip(path: file.path, bytes: file.size, limit: maxFileSize, reason: .tooLarge))
            return report
        }
        if file.size > Self.chunkSize {
            var report = scanLargeFile(file, detector: detector)
            do {
                // Read in chunks, a large file is still one file to a rule that matches its path.
                let byPath = try detector.pathOnlyDetections(path: file.path, commit: nil) { try FileReader.sha256Hex(of: file.absolutePath) }
                report.findings += byPath.map { detection in
                    let rule = rules.ruleSet.rules[detection.ruleIndex]
                    return Finding(
                        ruleID: rule.id, ruleDescription: rule.description, provider: rule.provider, secret: detection.secret,
                        path: file.path, line: 1, column: 1, source: .worktree)
                }
            } catch {
                report.problems.append(SkippedObject(subject: file.path, reason: "\(error)"))
            }
            return report
        }
        let bytes: [UInt8]
        do {
            bytes = try FileReader.read(file.absolutePath, limit: maxFileSize)
        } catch {
            report.problems.append(SkippedObject(subject: file.path, reason: "\(error)"))
            return report
        }
        if bytes.count > maxFileSize {
            report.statistics.skippedTooLarge += 1
            report.statistics.sizeSkips.append(SizeSkip(path: file.path, bytes: bytes.count, limit: maxFileSize, reason: .tooLarge))
            return report
        }
        report.statistics.filesScanned += 1
        report.statistics.bytesScanned += bytes.count
        do {
            let found = try bytes.withUnsafeBytes { buffer in
                if ContentLoader.isLFSPointer(buffer) { report.statistics.lfsPointers += 1 }
                if let reused = known.findings(forFileAt: file.path, bytes: buffer) { return Optional(reused) }
                return try findings(in: buffer, path: file.path, detector: detector, source: .worktree, commit: nil)
            }
            report.problems += detector.takeLimitProblems(path: file.path)
            guard let found else {
                report.statistics.filesScanned -= 1
                report.statistics.skippedBinary += 1
                report.statistics.sizeSkips.append(binarySkip(path: file.path, bytes: bytes.count))
                return report
            }
            report.findings = found
        } catch {
            report.problems.append(SkippedObject(subject: file.path, reason: "\(error)"))
        }
        return report
    }

    /// Findings in one buffer (an archive or compressed file by its members, binary content by its
    /// printable runs); nil for binary content larger than `options.maxBinarySize`, which the caller
    /// counts and names (`binarySkip`). What stops an archive's expansion (a limit, damage) is left
    /// with the detector's problems (`takeLimitProblems`).
    func findings(
        in buffer: UnsafeRawBufferPointer, path: String, detector: SecretDetector, source: Finding.Source,
        commit: FindingCommit?, commitID: String? = nil
    ) throws -> [Finding]? {
        let byPath = try pathOnlyFindings(in: buffer, path: path, detector: detector, source: source, commit: commit, commitID: commitID)
        if options.archiveLimits.depth > 0, let kind = ArchiveReader.kind(of: buffer) {
            var budget = ArchiveBudget(limits: options.archiveLimits, outerSize: buffer.count)
            let scan = try memberFindings(
                in: .bytes(buffer), kind: kind, path: path, depth: 1, budget: &budget, detector: detector, source: source, commit: commit,
                commitID: commitID)
            switch scan {
            case .members(let found), .damagedFile(let found): return byPath + found
            case .notAnArchive: break
            }
        }
        let found = try contentFindings(in: buffer, path: path, detector: detector, source: source, commit: commit, commitID: commitID)
        // Content too large to read as binary is still the file its path names.
        return found.map { byPath + $0 } ?? (byPath.isEmpty ? nil : byPath)
    }

    /// gitleaks' path-only rules: the file, blob or archive member itself is the finding, at line 1,
    /// named by the SHA-256 of its raw bytes (whatever they are: text, binary, an archive).
    func pathOnlyFindings(
        in buffer: UnsafeRawBufferPointer, path: String, detector: SecretDetector, source: Finding.Source,
        commit: FindingCommit?, commitID: String?
    ) throws -> [Finding] {
        let detections = detector.pathOnlyDetections(path: path, commit: commitID ?? commit?.id) { SecretDigest.sha256Hex(bytes: buffer) }
        return detections.isEmpty ? [] : try locate(detections, in: buffer, path: path, source: source, commit: commit)
    }

    /// The findings in an archive's members (`outer.zip!inner/path`, line and column inside the
    /// member), archives inside it opened down to `options.archiveLimits.depth`. A damaged archive's
    /// raw bytes are scanned as well: here when they are in memory, by the caller when it reads a file
    /// as it goes (`ArchiveScan.damagedFile`).
    func memberFindings(
        in input: ArchiveReader.Input, kind: ArchiveReader.Kind, path: String, depth: Int, budget: inout ArchiveBudget,
        detector: SecretDetector, source: Finding.Source, commit: FindingCommit?, commitID: String?
    ) throws -> ArchiveScan {
        var found: [Finding] = []
        var recognised = false
        var rawBytesLeft = false
        do {
            try ArchiveReader.forEachMember(in: input, kind: kind, fallbackName: Self.decompressedName(of: path), budget: &budget) {
                name, member, budget in
                recognised = true
                let memberPath = path + "!" + name
                found += try pathOnlyFindings(
                    in: member, path: memberPath, detector: detector, source: source, commit: commit, commitID: commitID)
                if depth < options.archiveLimits.depth, let inner = ArchiveReader.kind(of: member) {
                    // Members are in memory: never `damagedFile`.
                    let nested = try memberFindings(
                        in: .bytes(member), kind: inner, path: memberPath, depth: depth + 1, budget: &budget, detector: detector,
                        source: source, commit: commit, commitID: commitID)
                    switch nested {
                    case .members(let inside), .damagedFile(let inside):
                        found += inside
                        return
                    case .notAnArchive: break
                    }
                }
                // A member is bounded by the archive's limits, not by the size limit of binary files.
                found += try contentFindings(
                    in: member, path: memberPath, detector: detector, source: source, commit: commit, commitID: commitID,
                    binaryLimit: .max) ?? []
            }
        } catch let error as ArchiveError {
            // Reported once, for the outermost content: the budget is shared, so every enclosing
            // archive would stop at the same point.
            guard depth == 1 else { throw error.inside(path) }
            recognised = true
            if case .unreadable = error {
                // A damaged archive loses nothing it can still show: its raw bytes (a tar's are its
                // members' bytes) are scanned as well.
                switch input {
                case .bytes(let buffer):
                    found += try contentFindings(
                        in: buffer, path: path, detector: detector, source: source, commit: commit, commitID: commitID,
                        binaryLimit: .max) ?? []
                case .file:
                    rawBytesLeft = true
                }
                detector.archiveProblems.append(
                    SkippedObject(subject: path, reason: "\(error); its raw bytes were scanned instead"))
            } else {
                detector.archiveProblems.append(SkippedObject(subject: path, reason: "\(error)"))
            }
        }
        guard recognised else { return .notAnArchive }
        return rawBytesLeft ? .damagedFile(found) : .members(found)
    }

    /// `app.log` for `app.log.gz`: the name of what a compressed file holds.
    static func decompressedName(of path: String) -> String {
        let name = String(path.split(separator: "/").last ?? Substring(path)).split(separator: "!").last.map(String.init) ?? path
        for suffix in [".gz", ".bz2", ".xz", ".zst", ".gzip"] where name.lowercased().hasSuffix(suffix) && name.count > suffix.count {
            return String(name.dropLast(suffix.count))
        }
        return name + ".decompressed"
    }

    /// Findings in content that is not opened as an archive: text, UTF-16, or binary by its runs.
    private func contentFindings(
        in buffer: UnsafeRawBufferPointer, path: String, detector: SecretDetector, source: Finding.Source,
        commit: FindingCommit?, commitID: String?, binaryLimit: Int? = nil
    ) throws -> [Finding]? {
        let id = commitID ?? commit?.id
        switch ContentLoader.classify(buffer) {
        case .binary:
            guard buffer.count <= binaryLimit ?? options.maxBinarySize else { return nil }
            let detections = try binaryDetections(in: buffer, path: path, commit: id, detector: detector)
            return try locate(detections, in: buffer, path: path, source: source, commit: commit)
        case .text:
            return try locate(try detector.detect(in: buffer, path: path, commit: id), in: buffer, path: path, source: source, commit: commit)
        case .transcoded(let bytes):
            return try bytes.withUnsafeBytes { text in
                try locate(try detector.detect(in: text, path: path, commit: id), in: text, path: path, source: source, commit: commit)
            }
        }
    }

    /// The detections in binary content, by its printable runs (`PrintableRuns`), with offsets in
    /// the content itself.
    func binaryDetections(
        in buffer: UnsafeRawBufferPointer, path: String, commit: String?, detector: SecretDetector
    ) throws -> [Detection] {
        let runs = PrintableRuns(buffer)
        guard !runs.text.isEmpty else { return [] }
        return try runs.text.withUnsafeBytes { text in
            try detector.detect(in: text, path: path, commit: commit).map { detection in
                var placed = detection
                placed.offset = runs.contentOffset(of: detection.offset)
                // A secret found by decoding base64 inside a run keeps that encoding.
                placed.encoding = detection.encoding ?? runs.encoding(at: detection.offset)
                return placed
            }
        }
    }

    /// The size skip for binary content `findings(in:…)` passed over.
    func binarySkip(path: String, object: String? = nil, bytes: Int) -> SizeSkip {
        SizeSkip(path: path, object: object, bytes: bytes, limit: options.maxBinarySize, reason: .binaryTooLarge)
    }

    func locate(
        _ detections: [Detection], in buffer: UnsafeRawBufferPointer, path: String, source: Finding.Source,
        commit: FindingCommit?
    ) throws -> [Finding] {
        let locator = LineLocator(buffer: buffer)
        let namespace = detections.isEmpty ? nil : ManifestNamespace.declared(in: buffer, path: path)
        let locations = locator.locations(of: detections.map(\.offset))
        return zip(detections, locations).map { detection, location in
            let rule = rules.ruleSet.rules[detection.ruleIndex]
            var finding = Finding(
                ruleID: rule.id, ruleDescription: rule.description, provider: rule.provider, secret: detection.secret,
                path: path, line: location.line, column: location.column, source: source, commit: commit,
                encoding: detection.encoding)
            finding.utf16Column = location.utf16Column
            finding.namespace = namespace
            finding.isInlineAllowed = detection.isInlineAllowed
            if detection.encoding?.hasPrefix("binary") == true { finding.byteOffset = detection.offset }
            return finding
        }
    }

    static func findingCommit(_ commit: CommitInfo) -> FindingCommit {
        var finding = FindingCommit(
            id: commit.id.hex, authorName: commit.authorName, authorEmail: commit.authorEmail,
            date: ISODate.format(seconds: commit.authorTime, offsetMinutes: commit.authorOffsetMinutes),
            time: commit.authorTime, summary: commit.summary)
        finding.isUnreachable = commit.isUnreachable
        return finding
    }
}
