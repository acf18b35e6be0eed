/// One detection rule: what a secret looks like, how to tell it from look-alikes, and what to do
/// when one is found. See `docs/rule-format.md` for the TOML form.
public struct Rule: Sendable, Hashable {
    public var id: String
    public var description: String
    /// Who issued the secret, e.g. "Runway".
    public var provider: String
    /// PCRE2 expression, matched against raw bytes; empty for a rule that matches by path alone
    /// (`isPathOnly`).
    public var regex: String
    /// Capture group holding the secret; 0 is the whole match; nil is gitleaks' default: the first
    /// capture group that matched something, else the whole match.
    public var secretGroup: Int?
    /// Minimum Shannon entropy (bits per character) of the secret; nil for no threshold.
    public var entropy: Double?
    /// Literals (matched case-insensitively) of which one must occur in a file for the rule to apply
    /// there. Their spelling as written also finds them base64-encoded.
    public var keywords: [String]
    /// Regex a path must match for the rule to apply there; nil for every path.
    public var path: String?
    public var tags: [String]
    /// The longest match in bytes.
    public var maxLength: Int
    /// Drop secrets whose body is one repeated character or a short repeated run.
    public var rejectsDegenerate: Bool
    /// An offline checksum the secret must pass.
    public var checksum: SecretChecksum?
    /// What to do when the secret is found.
    public var remediation: String
    /// How bad a leak is; nil: `high`.
    public var severity: RuleSeverity?
    /// A page about the secret and how to revoke it; nil: the rule's file for built-in rules.
    public var helpURI: String?
    public var examples: [RuleExample]
    public var negativeExamples: [RuleExample]
    public var allowlists: [Allowlist]
    /// The rule only serves composite rules (gitleaks' `skipReport`): its own matches are not reported.
    public var skipReport: Bool
    /// Rules that must also match nearby for this rule's matches to be reported (a composite rule).
    public var required: [RequiredRule]
    /// The file the rule was read from ("rules/runway.toml", ".keywarden.toml", …).
    public var origin: String

    public init(
        id: String, description: String = "", provider: String = "", regex: String, secretGroup: Int? = 0,
        entropy: Double? = nil, keywords: [String] = [], path: String? = nil, tags: [String] = [],
        maxLength: Int = 1024, rejectsDegenerate: Bool = false, checksum: SecretChecksum? = nil,
        remediation: String = "", severity: RuleSeverity? = nil, helpURI: String? = nil, examples: [RuleExample] = [], negativeExamples: [RuleExample] = [],
        allowlists: [Allowlist] = [], skipReport: Bool = false, required: [RequiredRule] = [], origin: String = ""
    ) {
        self.id = id
        self.description = description
        self.provider = provider
        self.regex = regex
        self.secretGroup = secretGroup
        self.entropy = entropy
        self.keywords = keywords
        self.path = path
        self.tags = tags
        self.maxLength = maxLength
        self.rejectsDegenerate = rejectsDegenerate
        self.checksum = checksum
        self.remediation = remediation
        self.severity = severity
        self.helpURI = helpURI
        self.examples = examples
        self.negativeExamples = negativeExamples
        self.allowlists = allowlists
        self.skipReport = skipReport
        self.required = required
        self.origin = origin
    }

    /// The `maxLength` of a rule whose match may be as long as the file or blob (gitleaks' rules).
    public static let unlimitedMatchLength = 1 << 40

    /// A rule with a path and no regex reports a file by its path alone ("file detected").
    public var isPathOnly: Bool { regex.isEmpty }

    /// The severity the rule says, else `high`.
    public var effectiveSeverity: RuleSeverity { severity ?? .high }
}
