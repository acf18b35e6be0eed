/// Conditions under which a match is not reported.
public struct Allowlist: Sendable, Hashable {
    /// What an allowlist regex is matched against.
    public enum Target: String, Sendable, Hashable {
        case secret, match, line
    }

    /// How the criteria combine.
    public enum Condition: String, Sendable, Hashable {
        /// Any one criterion allows the match.
        case or = "OR"
        /// Every criterion given must hold.
        case and = "AND"
    }

    public var description: String
    /// Regexes on the file's path.
    public var paths: [String]
    /// Regexes on `regexTarget`.
    public var regexes: [String]
    public var regexTarget: Target
    /// Case-insensitive substrings of the secret.
    public var stopwords: [String]
    /// Commit ids (full or abbreviated) whose findings are allowed.
    public var commits: [String]
    public var condition: Condition

    public init(
        description: String = "", paths: [String] = [], regexes: [String] = [], regexTarget: Target = .secret,
        stopwords: [String] = [], commits: [String] = [], condition: Condition = .or
    ) {
        self.description = description
        self.paths = paths
        self.regexes = regexes
        self.regexTarget = regexTarget
        self.stopwords = stopwords
        self.commits = commits
        self.condition = condition
    }

    /// True when the allowlist names no criterion at all (such an allowlist allows nothing).
    public var isEmpty: Bool { paths.isEmpty && regexes.isEmpty && stopwords.isEmpty && commits.isEmpty }
}
