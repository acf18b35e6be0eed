/// Applies a baseline and an ignore file to a scan report.
public struct FindingFilter: Sendable {
    public var baseline: Baseline?
    public var ignoreFile: IgnoreFile?
    /// `YYYY-MM-DD`; ignore entries that expire before it no longer suppress.
    public var today: String

    public init(baseline: Baseline? = nil, ignoreFile: IgnoreFile? = nil, today: String = DayDate.today) {
        self.baseline = baseline
        self.ignoreFile = ignoreFile
        self.today = today
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
        report.findings.removeAll { finding in
            ignored.contains(finding.fingerprint) || known.contains(finding.fingerprint)
                || (!locations.isEmpty && locations.contains { $0.matches(finding) })
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
