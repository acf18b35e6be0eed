/// Applies a baseline and an ignore file to a scan report.
public struct FindingFilter: Sendable {
    public var baseline: Baseline?
    public var ignoreFile: IgnoreFile?
    /// `YYYY-MM-DD`; ignore entries that expire before it no longer suppress.
    public var today: String

    /// A change is checked (staged lines, a range, a push): an ignore entry that names a line without
    /// a commit (`.gitleaksignore`'s `file:rule:line`) does not suppress there, since the change may
    /// have put a new secret on that line; a note says so.
    public var checksChange: Bool

    public init(baseline: Baseline? = nil, ignoreFile: IgnoreFile? = nil, today: String = DayDate.today, checksChange: Bool = false) {
        self.baseline = baseline
        self.ignoreFile = ignoreFile
        self.today = today
        self.checksChange = checksChange
    }

    /// What filtering did, beside the findings it kept.
    public struct Outcome: Sendable {
        public var suppressed = 0
        /// Baseline entries no current finding matches: the key was cleaned up; drop them.
        public var staleBaselineEntries: [Baseline.Entry] = []
        public var expiredIgnores: [IgnoreFile.Entry] = []
    }

    public func apply(to report: inout ScanReport) -> Outcome {
        var outcome = Outcome()
        let active = (ignoreFile?.entries ?? []).filter { entry in
            guard let expires = entry.expires else { return true }
            return expires >= today
        }
        outcome.expiredIgnores = (ignoreFile?.entries ?? []).filter { $0.expires.map { $0 < today } ?? false }
        let ignored = Set(active.map(\.fingerprint))
        let known = baseline?.fingerprints ?? []
        let present = Set(report.findings.map(\.fingerprint))
        outcome.staleBaselineEntries = (baseline?.entries ?? []).filter { !present.contains($0.fingerprint) }
        let before = report.findings.count
        let locations = ignoreFile?.locations ?? []
        let anyCommitKeys = Set(locations.filter { $0.commit == nil }.map(\.key))
        let commitKeys = Set(locations.filter { $0.commit != nil }.map(\.key))
        var keptForTheChange = 0
        report.findings.removeAll { finding in
            if ignored.contains(finding.fingerprint) || known.contains(finding.fingerprint) { return true }
            guard !locations.isEmpty else { return false }
            let keys = IgnoredLocation.keys(of: finding)
            if let commitKey = keys.commit, commitKeys.contains(commitKey) { return true }
            guard anyCommitKeys.contains(keys.anyCommit) else { return false }
            if checksChange {
                keptForTheChange += 1
                return false
            }
            return true
        }
        for line in ignoreFile?.unreadLines ?? [] { report.notes.append(line) }
        if keptForTheChange > 0 {
            report.notes.append(
                "\(keptForTheChange) finding\(keptForTheChange == 1 ? " is" : "s are") on a line an ignore entry names without a commit "
                    + "(file:rule:line): reported, since the change checked may have put a new secret there")
        }
        outcome.suppressed = before - report.findings.count
        for entry in outcome.expiredIgnores {
            report.notes.append(
                ".keywardenignore line \(entry.line): the entry for \(entry.fingerprint) expired on \(entry.expires ?? "?") and no longer suppresses "
                    + "(\(SecretScrubber.scrubbed(entry.reason)))")
        }
        for entry in outcome.staleBaselineEntries {
            report.notes.append("baseline entry \(entry.fingerprint) (\(SecretScrubber.scrubbed(entry.path))) no longer matches anything: remove it")
        }
        if outcome.suppressed > 0 {
            report.notes.append("\(outcome.suppressed) known finding\(outcome.suppressed == 1 ? "" : "s") suppressed by the baseline or .keywardenignore")
        }
        return outcome
    }
}
