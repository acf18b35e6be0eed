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

    /// How the filter judges one finding.
    public enum Verdict: Sendable {
        case kept
        case suppressed
        /// On a line an ignore entry names without a commit, in a change: kept, and counted in a note.
        case keptOnANamedLine
    }

    /// The ignore file's and the baseline's entries in sets, to judge findings one at a time (as a
    /// streamed report does while the scan goes on) the way `apply` judges a whole report.
    public struct Judge: Sendable {
        let ignored: Set<String>
        let known: Set<String>
        let anyCommitKeys: Set<String>
        let commitKeys: Set<String>
        let checksChange: Bool

        public func verdict(for finding: Finding) -> Verdict {
            if ignored.contains(finding.fingerprint) || known.contains(finding.fingerprint) { return .suppressed }
            guard !anyCommitKeys.isEmpty || !commitKeys.isEmpty else { return .kept }
            let keys = IgnoredLocation.keys(of: finding)
            if let commitKey = keys.commit, commitKeys.contains(commitKey) { return .suppressed }
            guard anyCommitKeys.contains(keys.anyCommit) else { return .kept }
            return checksChange ? .keptOnANamedLine : .suppressed
        }
    }

    /// The ignore entries that have not expired.
    private var activeIgnores: [IgnoreFile.Entry] {
        (ignoreFile?.entries ?? []).filter { entry in
            guard let expires = entry.expires else { return true }
            return expires >= today
        }
    }

    /// This filter's judge of single findings.
    public var judge: Judge {
        let locations = ignoreFile?.locations ?? []
        return Judge(
            ignored: Set(activeIgnores.map(\.fingerprint)), known: baseline?.fingerprints ?? [],
            anyCommitKeys: Set(locations.filter { $0.commit == nil }.map(\.key)),
            commitKeys: Set(locations.filter { $0.commit != nil }.map(\.key)), checksChange: checksChange)
    }

    public func apply(to report: inout ScanReport) -> Outcome {
        var outcome = Outcome()
        outcome.expiredIgnores = (ignoreFile?.entries ?? []).filter { $0.expires.map { $0 < today } ?? false }
        let present = Set(report.findings.map(\.fingerprint))
        outcome.staleBaselineEntries = (baseline?.entries ?? []).filter { !present.contains($0.fingerprint) }
        let before = report.findings.count
        let judge = judge
        var keptForTheChange = 0
        report.findings.removeAll { finding in
            switch judge.verdict(for: finding) {
            case .kept: return false
            case .suppressed: return true
            case .keptOnANamedLine:
                keptForTheChange += 1
                return false
            }
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
