/// What decided a scan's result, as every report states it: where the rules, ignore file and
/// baseline were read and how many rules ran.
public struct AppliedPolicy: Sendable, Hashable {
    /// Where they were read: "commit 0123456789ab", "the working tree", or the built-in rules.
    public var source: String
    /// The configuration file applied (nil: none, the default rules).
    public var configuration: String?
    public var ignoreFile: String?
    public var ignoreEntries: Int?
    public var baseline: String?
    public var baselineEntries: Int?
    public var rules: Int

    public init(
        source: String, configuration: String? = nil, ignoreFile: String? = nil, ignoreEntries: Int? = nil,
        baseline: String? = nil, baselineEntries: Int? = nil, rules: Int
    ) {
        self.source = source
        self.configuration = configuration
        self.ignoreFile = ignoreFile
        self.ignoreEntries = ignoreEntries
        self.baseline = baseline
        self.baselineEntries = baselineEntries
        self.rules = rules
    }

    /// One line for people: "45 rules (.keywarden.toml at 0123456789ab); ignore file: none; baseline: none".
    public var sentence: String {
        func entries(_ count: Int?) -> String { count.map { " (\($0) entr\($0 == 1 ? "y" : "ies"))" } ?? "" }
        let rules = "\(self.rules) rule\(self.rules == 1 ? "" : "s") (\(configuration ?? "the defaults, no configuration file"))"
        return "applied from \(source): \(rules); ignore file: \(ignoreFile.map { $0 + entries(ignoreEntries) } ?? "none"); "
            + "baseline: \(baseline.map { $0 + entries(baselineEntries) } ?? "none")"
    }
}
