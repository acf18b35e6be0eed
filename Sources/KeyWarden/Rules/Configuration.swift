/// What a `.keywarden.toml` (or `--config` file, or a gitleaks configuration) says: rules to add,
/// rules to disable, allowlists, and scan settings. A keywarden configuration extends the default
/// rules unless it says `[extend] useDefault = false`; a gitleaks one replaces them unless it says
/// `useDefault = true` or extends another file.
public struct Configuration: Sendable, Hashable {
    /// The name of the configuration file keywarden looks for in a scanned repository's root.
    public static let fileName = ".keywarden.toml"
    /// Read from a repository's root when it has no `.keywarden.toml`.
    public static let gitleaksFileName = ".gitleaks.toml"

    public var dialect: ConfigurationDialect = .keywarden
    public var useDefaultRules = true
    public var disabledRules: [String] = []
    /// Rules to add. In a keywarden configuration one with the id of a default rule replaces it; in a
    /// gitleaks one it is merged into it, as gitleaks merges.
    public var rules: [Rule] = []
    /// Allowlists that apply to every rule.
    public var allowlists: [Allowlist] = []
    /// Allowlists that apply to some rules only (gitleaks' `targetRules`), by rule id.
    public var targetedAllowlists: [String: [Allowlist]] = [:]
    /// The configuration named by `[extend] path`, already read (at most one).
    public var extended: [Configuration] = []
    /// gitleaks' `minVersion`, kept to be reported.
    public var minVersion: String?
    /// Files and blobs larger than this are skipped (and counted).
    public var maxFileSize: Int?
    /// The file the configuration came from, if any.
    public var origin: String?
    /// What a report should say about how the file was read (a field gitleaks itself ignores, …).
    public var notes: [String] = []

    public init() {}
}

extension Configuration {
    /// The notes of this file and of the files it extends.
    var allNotes: [String] { notes + extended.flatMap(\.allNotes) }
}
