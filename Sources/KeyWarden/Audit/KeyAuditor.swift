import Foundation
import GitStore

/// Runs the audit: scans the working tree and full history of each repository, groups the findings
/// by key (SHA-256) across repositories, joins them with the inventory and recommends what to do.
public struct KeyAuditor: Sendable {
    public let scanner: SecretScanner
    public let inventory: Inventory
    public let now: Date
    /// Checks found Runway keys with the API (`--verify`); nil to check nothing.
    public let verifier: RunwayKeyVerifier?

    public init(scanner: SecretScanner, inventory: Inventory, now: Date = Date(), verifier: RunwayKeyVerifier? = nil) {
        self.scanner = scanner
        self.inventory = inventory
        self.now = now
        self.verifier = verifier
    }

    /// Audits the repositories (or plain directories) at `paths`.
    public func audit(_ paths: [String]) throws(ScanError) -> AuditReport {
        var findings: [AuditFinding] = []
        var problems: [SkippedObject] = []
        var notes: [String] = []
        var names: [String] = []
        var checkable: [String] = []
        for path in paths {
            let name = Self.repositoryName(for: path)
            names.append(name)
            // Findings the team has ruled out in the repository's .keywardenignore stay out of the audit.
            var ignore: FindingFilter?
            do {
                ignore = try IgnoreFile.discover(for: path).map { FindingFilter(ignoreFile: $0) }
            } catch {
                problems.append(SkippedObject(subject: "\(name): \(IgnoreFile.fileName)", reason: error.localizedDescription))
            }
            // One scan's results, tagged with the repository, after the ignore file has had its say.
            func collect(_ scanned: ScanReport, scope: String, exposures: ExposureResolver? = nil) {
                var report = scanned
                var exposures = exposures
                _ = ignore?.apply(to: &report)
                checkable += report.findings.filter(RunwayKeyVerifier.canCheck).map(\.secret)
                // Appended as they are made: no array of the scan's findings between.
                findings.append(contentsOf: report.findings.lazy.map { finding in
                    var item = AuditFinding(repository: name, finding: finding)
                    item.occurrence.heldBy = exposures?.exposure(of: finding)
                    return item
                })
                problems += report.problems.map { SkippedObject(subject: "\(name): \($0.subject)", reason: $0.reason) }
                // Both scans may say the same thing (a finding suppressed in each): the scope tells them apart.
                notes += report.notes.map { "\(name) (\(scope)): \($0)" }
            }
            if Repository.exists(containing: path) {
                // History first: a file of the working tree that holds a blob's bytes at its path
                // takes the blob's findings rather than being scanned again.
                let (history, known) = try scanner.scanHistoryKnowingContent(at: path)
                collect(try scanner.scanWorkingTree(at: path, knowing: known), scope: "working tree")
                // Which references hold each commit is only worth working out when history holds a key.
                let exposures = history.findings.isEmpty ? nil : (try? Repository(discoveringFrom: path)).map(ExposureResolver.init)
                collect(history, scope: "history", exposures: exposures)
            } else {
                collect(try scanner.scanWorkingTree(at: path), scope: "working tree")
                notes.append("\(name): not a git repository; only its files were scanned")
            }
        }
        let liveness = verifier?.check(checkable) ?? [:]
        return report(findings: findings, repositories: names, problems: problems, notes: notes, liveness: liveness)
    }

    /// Builds the per-key audit from findings (from scans, or from merged reports).
    public func report(
        findings: [AuditFinding], repositories: [String], problems: [SkippedObject] = [], notes: [String] = [],
        liveness: [String: LivenessResult] = [:]
    ) -> AuditReport {
        // Each key's findings as a chain through `findings` (its first, and each one's next), so that
        // grouping copies no finding and makes no array per key.
        var slots: [String: Int] = [:]
        var first: [Int] = []
        var last: [Int] = []
        var counts: [Int] = []
        var next = [Int](repeating: -1, count: findings.count)
        for (index, item) in findings.enumerated() {
            if let slot = slots[item.secretSha256] {
                next[last[slot]] = index
                last[slot] = index
                counts[slot] += 1
            } else {
                slots[item.secretSha256] = first.count
                first.append(index)
                last.append(index)
                counts.append(1)
            }
        }
        slots = [:]
        let recorded = inventory.keysByFingerprint
        let (maxKeyAgeDays, now) = (inventory.maxKeyAgeDays, now)
        let (heads, chain, sizes) = (first, next, counts)
        // Each key is audited on its own: batches of keys on the scanner's threads, kept in order.
        var keys: [KeyAudit] = []
        keys.reserveCapacity(first.count)
        ParallelWork.inOrder(
            count: heads.count, threads: scanner.options.threads, batchSize: 256,
            make: { range in
                range.map { slot -> KeyAudit in
                    var occurrences: [KeyOccurrence] = []
                    occurrences.reserveCapacity(sizes[slot])
                    var index = heads[slot]
                    while index >= 0 {
                        occurrences.append(findings[index].occurrence)
                        index = chain[index]
                    }
                    let head = findings[heads[slot]]
                    return KeyAudit(
                        secretSha256: head.secretSha256, ruleID: head.ruleID, provider: head.provider,
                        description: head.description, hint: head.redacted, occurrences: occurrences,
                        inventory: recorded[head.secretSha256.lowercased()], maxKeyAgeDays: maxKeyAgeDays, now: now,
                        liveness: liveness[head.secretSha256])
                }
            },
            consume: { keys += $0 })
        return AuditReport(
            keys: consume keys, findings: findings, repositories: repositories, problems: problems, notes: notes,
            maxKeyAgeDays: inventory.maxKeyAgeDays)
    }

    /// A repository's display name: its working directory's (or bare directory's) last path component.
    public static func repositoryName(for path: String) -> String {
        if let repository = try? Repository(discoveringFrom: path) {
            let root = PathAliases.display(repository.workingDirectory ?? repository.gitDirectory)
            var trimmed = root
            while trimmed.hasSuffix("/") { trimmed.removeLast() }
            if trimmed.hasSuffix("/.git") { trimmed.removeLast(5) }
            return (trimmed as NSString).lastPathComponent
        }
        let resolved = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath()
        return resolved.lastPathComponent
    }
}
