import GitStore

/// The outcome of a scan: findings, what was covered, and what could not be read.
public struct ScanReport: Sendable {
    public var findings: [Finding] = []
    public var statistics = ScanStatistics()
    /// Files and objects that could not be read; the scan went on without them.
    public var problems: [SkippedObject] = []
    /// Things the reader should know that are not failures (submodules not entered, a shallow clone).
    public var notes: [String] = []
    public var rulesApplied = 0
    /// What the provider answered for each checked secret (`--verify`), by the secret's SHA-256.
    public var liveness: [String: LivenessResult] = [:]

    public init() {}

    /// True when something that should have been scanned was not.
    public var isIncomplete: Bool { !problems.isEmpty }

    /// The findings grouped by secret (rule and SHA-256), earliest occurrence first in each group and
    /// groups in order of their first occurrence.
    public var secrets: [SecretGroup] { SecretGroup.group(findings) }

    /// How many distinct secrets (rule and SHA-256) the findings hold, without grouping them.
    public var secretCount: Int {
        var seen = Set<String>(minimumCapacity: findings.count)
        for finding in findings { seen.insert(finding.ruleID + "\u{0}" + finding.secretSha256) }
        return seen.count
    }

    /// The liveness of a finding's secret: `.unchecked` unless `--verify` checked it.
    public func liveness(of finding: Finding) -> Liveness { liveness[finding.secretSha256]?.liveness ?? .unchecked }

    mutating func sortFindings() {
        findings.sort { lhs, rhs in
            let left = (lhs.commit?.time ?? 0, lhs.path, lhs.line, lhs.column, lhs.ruleID)
            let right = (rhs.commit?.time ?? 0, rhs.path, rhs.line, rhs.column, rhs.ruleID)
            return left < right
        }
    }
}
