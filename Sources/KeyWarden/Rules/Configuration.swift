/// What a `.keywarden.toml` (or `--config` file) says: rules to add, rules to disable, allowlists,
/// and scan settings. It extends the default rules unless it says `[extend] useDefault = false`.
public struct Configuration: Sendable, Hashable {
    /// The name of the configuration file keywarden looks for in a scanned repository's root.
    public static let fileName = ".keywarden.toml"

    public var useDefaultRules = true
    public var disabledRules: [String] = []
    /// Rules to add; one with the id of a default rule replaces it.
    public var rules: [Rule] = []
    /// Allowlists that apply to every rule.
    public var allowlists: [Allowlist] = []
    /// Files and blobs larger than this are skipped (and counted).
    public var maxFileSize: Int?
    /// The file the configuration came from, if any.
    public var origin: String?

    public init() {}
}
