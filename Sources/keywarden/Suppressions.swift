import KeyWarden

/// The baseline and ignore file a scan applies (`--baseline`, `--ignore-file`, else the
/// repository's `.keywardenignore`), read before the scan so that a streamed report can judge each
/// finding as it is made.
struct Suppressions {
    let baseline: Baseline?
    let baselinePath: String?
    let ignoreFile: IgnoreFile?
    let ignorePath: String?
    let filter: FindingFilter?

    init(baseline path: String?, ignoreFile ignorePath: String?, root: String, checksChange: Bool) throws {
        baseline = try path.map { path throws(Baseline.LoadError) in try Baseline.load(from: path) }
        baselinePath = path
        let ignore = try ignorePath.map { path throws(IgnoreFile.ParseError) in try IgnoreFile.load(from: path) }
            ?? IgnoreFile.discover(for: root)
        ignoreFile = ignore
        // Named only when there is one: finding the root again opens the repository again.
        self.ignorePath = ignore == nil ? nil : ignorePath ?? IgnoreFile.discoveredPath(for: root)
        filter = baseline == nil && ignore == nil ? nil : FindingFilter(baseline: baseline, ignoreFile: ignore, checksChange: checksChange)
    }

    /// Drops what the baseline and ignore file name, and says in the report what was applied.
    func apply(to report: inout ScanReport, configuration: Configuration?, rules: Int) {
        if let filter { _ = filter.apply(to: &report) }
        report.policy = AppliedPolicy(
            source: "the working tree", configuration: configuration?.origin, ignoreFile: ignorePath,
            ignoreEntries: ignoreFile?.count, baseline: baseline == nil ? nil : baselinePath,
            baselineEntries: baseline?.entries.count, rules: rules)
    }
}
