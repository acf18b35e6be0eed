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
    /// Where the rules, ignore file and baseline came from; nil where the caller did not say.
    public var policy: AppliedPolicy?
    /// Findings a `keywarden:allow` (or `gitleaks:allow`) comment on their line suppresses: not
    /// reported as findings, never dropped silently (counted, and suppressed results in SARIF).
    public var inlineAllowed: [Finding] = []
    /// A change inside the checked commits that weakens the check (trusted scans only).
    public var suppressingChange: SuppressingChange?
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

    /// Moves inline-allowed findings to `inlineAllowed` and sorts both lists.
    mutating func sortFindings() {
        if findings.contains(where: \.isInlineAllowed) {
            inlineAllowed += findings.filter(\.isInlineAllowed)
            findings.removeAll(where: \.isInlineAllowed)
        }
        findings = Self.inReportOrder(findings)
        inlineAllowed = Self.inReportOrder(inlineAllowed)
    }

    /// Sorts positions, not findings: a finding is a large value, and the standard library's stable
    /// sort copies every element it moves (with each of its strings retained and released).
    private static func inReportOrder(_ findings: [Finding]) -> [Finding] {
        guard findings.count > 1 else { return findings }
        let order = findings.indices.sorted { reportOrder(findings[$0], findings[$1]) }
        return order.map { findings[$0] }
    }

    /// By commit time, path, line, column, rule and commit; compared field by field, so that no
    /// tuple of strings is built for each of the n log n comparisons. The commit settles two commits
    /// of the same second that bring in the same line: without it their order, and so SARIF's line
    /// hashes, would depend on which worker finished first.
    private static func reportOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
        let leftTime = lhs.commit?.time ?? 0
        let rightTime = rhs.commit?.time ?? 0
        if leftTime != rightTime { return leftTime < rightTime }
        if lhs.path != rhs.path { return lhs.path < rhs.path }
        if lhs.line != rhs.line { return lhs.line < rhs.line }
        if lhs.column != rhs.column { return lhs.column < rhs.column }
        if lhs.ruleID != rhs.ruleID { return lhs.ruleID < rhs.ruleID }
        return (lhs.commit?.id ?? "") < (rhs.commit?.id ?? "")
    }
}
