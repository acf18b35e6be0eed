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
        keys: consuming [KeyAudit], findings: [AuditFinding], repositories: [String], problems: [SkippedObject] = [],
        notes: [String] = [], maxKeyAgeDays: Int
    ) {
        // Each key's place is worked out once; the keys are then put in order where they lie, so that
        // an audit of many keys is neither copied nor given a sorting buffer of keys.
        let order = keys.map(\.urgencyOrder)
        let permutation = keys.indices.sorted { lhs, rhs in
            if order[lhs] != order[rhs] { return order[lhs] < order[rhs] }
            return keys[lhs].secretSha256 < keys[rhs].secretSha256
        }
        keys.apply(permutation: permutation)
        self.keys = keys
        self.findings = findings
        self.repositories = repositories
        self.problems = problems
        self.notes = notes
        self.maxKeyAgeDays = maxKeyAgeDays
    }

    /// True when any key needs an action.
    public var recommendsAction: Bool { keys.contains { !$0.actions.isEmpty } }
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
