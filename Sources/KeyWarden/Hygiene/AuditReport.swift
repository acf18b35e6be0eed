import GitStore

/// The outcome of an audit: every key found, joined with the inventory, most urgent first.
public struct AuditReport: Sendable {
    public var keys: [KeyAudit]
    /// Every finding, with the repository it came from.
    public var findings: [AuditFinding]
    public var repositories: [String]
    /// What could not be read; the audit went on without it.
    public var problems: [SkippedObject]
    public var notes: [String]
    public var maxKeyAgeDays: Int

    public init(
        keys: [KeyAudit], findings: [AuditFinding], repositories: [String], problems: [SkippedObject] = [],
        notes: [String] = [], maxKeyAgeDays: Int
    ) {
        self.keys = keys.sorted { lhs, rhs in
            let left = (lhs.isLiveAndExposed ? 0 : 1, lhs.mostUrgent?.urgency ?? 99, -lhs.recommendations.count, lhs.firstSeen?.time ?? Int64.max, lhs.secretSha256)
            let right = (rhs.isLiveAndExposed ? 0 : 1, rhs.mostUrgent?.urgency ?? 99, -rhs.recommendations.count, rhs.firstSeen?.time ?? Int64.max, rhs.secretSha256)
            return left < right
        }
        self.findings = findings
        self.repositories = repositories
        self.problems = problems
        self.notes = notes
        self.maxKeyAgeDays = maxKeyAgeDays
    }

    /// True when any key needs an action.
    public var recommendsAction: Bool { keys.contains { !$0.recommendations.isEmpty } }
}

/// A finding as the audit keeps it: tagged with its repository, and without the plaintext secret
/// (the audit only ever needs its SHA-256), so audit reports can be merged from many machines.
public struct AuditFinding: Sendable, Hashable {
    public var repository: String
    public var ruleID: String
    public var provider: String
    public var description: String
    public var secretSha256: String
    public var redacted: String
    public var fingerprint: String
    public var occurrence: KeyOccurrence

    public init(
        repository: String, ruleID: String, provider: String, description: String, secretSha256: String,
        redacted: String, fingerprint: String, occurrence: KeyOccurrence
    ) {
        self.repository = repository
        self.ruleID = ruleID
        self.provider = provider
        self.description = description
        self.secretSha256 = secretSha256
        self.redacted = redacted
        self.fingerprint = fingerprint
        self.occurrence = occurrence
    }

    public init(repository: String, finding: Finding) {
        self.init(
            repository: repository, ruleID: finding.ruleID, provider: finding.provider,
            description: finding.ruleDescription, secretSha256: finding.secretSha256, redacted: finding.redacted,
            fingerprint: finding.fingerprint, occurrence: KeyOccurrence(finding, repository: repository))
    }
}
