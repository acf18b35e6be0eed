/// One occurrence of a secret: which rule found it, where, and (for history) which commit brought it in.
///
/// `secret` holds the plaintext in memory only; every report redacts it unless asked not to.
public struct Finding: Sendable, Hashable {
    /// Where the scanned content came from.
    public enum Source: String, Sendable, Hashable, Codable {
        /// A file on disk.
        case worktree
        /// A blob in a commit.
        case history
        /// A file in the index, about to be committed.
        case staged
        /// A commit's message (`path` names it, `line` is a line of the message).
        case commitMessage = "commit-message"
        /// An annotated tag's message.
        case tagMessage = "tag-message"

        /// In git's history: a committed blob, or a commit's or tag's message.
        public var isCommitted: Bool { self == .history || self == .commitMessage || self == .tagMessage }
    }

    /// The rule and the secret are fixed at creation: the digests below are derived from them once.
    public private(set) var ruleID: String
    public var ruleDescription: String
    public var provider: String
    public private(set) var secret: String
    public var path: String
    /// 1-based line of the secret (or of the encoded run holding it).
    public var line: Int
    /// 1-based column in bytes.
    public var column: Int
    /// 1-based column in UTF-16 code units (SARIF's and editors' column); nil where it was not
    /// computed (a finding made by hand), then `column` stands in.
    public var utf16Column: Int?
    public var source: Source
    /// The commit that introduced the blob at this path; nil for the working tree.
    public var commit: FindingCommit?
    /// "base64" when the secret was found by decoding; nil when it stands in plain text.
    public var encoding: String?
    /// For a secret found in binary content (`encoding` "binary" or "binary-utf16le"): its byte
    /// offset in the file or blob, which says more than a line number there.
    public var byteOffset: Int?
    /// The Kubernetes namespace the file declares (`namespace: production`), when it is a manifest:
    /// a hint of the environment the secret serves.
    public var namespace: String?
    /// A `keywarden:allow` (or `gitleaks:allow`) comment on the finding's line suppresses it.
    public var isInlineAllowed = false

    public init(
        ruleID: String, ruleDescription: String = "", provider: String = "", secret: String, path: String,
        line: Int, column: Int, source: Source, commit: FindingCommit? = nil, encoding: String? = nil
    ) {
        self.ruleID = ruleID
        self.ruleDescription = ruleDescription
        self.provider = provider
        self.secret = secret
        self.path = path
        self.line = line
        self.column = column
        self.source = source
        self.commit = commit
        self.encoding = encoding
        secretSha256 = SecretDigest.sha256Hex(secret)
        fingerprint = SecretDigest.fingerprint(ruleID: ruleID, secret: secret)
        redacted = Redaction.redact(secret)
    }

    /// Hex SHA-256 of the secret: identifies it without revealing it.
    public let secretSha256: String

    /// Stable across moves and edits: derived from the rule and the secret, never the location, so a
    /// finding ignored by fingerprint stays ignored when its line moves.
    public let fingerprint: String

    /// The secret with all but a short head and tail hidden, e.g. `key_3f9a…c210`; made once, as
    /// every report shows it.
    public let redacted: String

    /// The same secret in the working tree's copy of the content it was found in.
    func inWorkingTree() -> Finding {
        var copy = self
        copy.source = .worktree
        copy.commit = nil
        return copy
    }

    /// The same secret where a later commit put the same content at another path: the content was
    /// scanned as `scannedPath`, and a finding in one of its archive members keeps the member's name
    /// (`a.zip!inner/conf` copied to `b.zip` is `b.zip!inner/conf`).
    func placed(at path: String, in commit: FindingCommit, scannedAs scannedPath: String) -> Finding {
        var placed = self
        placed.path = self.path.hasPrefix(scannedPath) ? path + self.path.dropFirst(scannedPath.count) : path
        placed.commit = commit
        return placed
    }
}
