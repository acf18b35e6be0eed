/// What the SARIF writer needs to know of a report before it writes: the severity of each rule,
/// and the findings grouped by secret, for a report that must be folded to fit GitHub's limits.
///
/// Indices only: finding `i` is `report.findings[i]`, then `report.inlineAllowed[i - findings]`.
struct SARIFPlan {
    private let severities: [String: RuleSeverity]
    /// Finding indices per secret (fingerprint), in report order.
    let groups: [[Int]]
    /// Group indices, most severe first, then most places first, then report order.
    let orderedGroups: [Int]
    private let findingCount: Int
    let limits: CodeScanningLimits

    init(report: ScanReport, rules: RuleSet, limits: CodeScanningLimits) {
        self.limits = limits
        var severities: [String: RuleSeverity] = [:]
        for rule in rules.rules where severities[rule.id] == nil { severities[rule.id] = rule.effectiveSeverity }
        self.severities = severities
        findingCount = report.findings.count
        var groupOf: [String: Int] = [:]
        var groups: [[Int]] = []
        // How severe each group's secret is: its place in `RuleSeverity.allCases`, most severe first.
        var groupRanks: [Int] = []
        // Allowed and reported places of one secret stay apart: one is suppressed, the other not.
        func add(_ finding: Finding, at index: Int, allowed: Bool) {
            let key = (allowed ? "a" : "r") + finding.fingerprint
            if let group = groupOf[key] {
                groups[group].append(index)
            } else {
                groupOf[key] = groups.count
                groups.append([index])
                groupRanks.append(RuleSeverity.allCases.firstIndex(of: severities[finding.ruleID] ?? .high) ?? 0)
            }
        }
        for (index, finding) in report.findings.enumerated() { add(finding, at: index, allowed: false) }
        for (index, finding) in report.inlineAllowed.enumerated() { add(finding, at: findingCount + index, allowed: true) }
        self.groups = groups
        orderedGroups = groups.indices.sorted { left, right in
            (groupRanks[left], -groups[left].count, left) < (groupRanks[right], -groups[right].count, right)
        }
    }

    func severity(of ruleID: String) -> RuleSeverity { severities[ruleID] ?? .high }

    func finding(_ index: Int, in report: ScanReport) -> Finding {
        index < findingCount ? report.findings[index] : report.inlineAllowed[index - findingCount]
    }

    func groupIsInlineAllowed(_ group: Int) -> Bool { groups[group][0] >= findingCount }

    /// What a folded layout leaves out, said in the run's notification and properties.
    func folding(_ layout: SARIFReport.Layout, report: ScanReport) -> SARIFFolding {
        let kept = orderedGroups.prefix(layout.keptSecrets ?? groups.count)
        let related = kept.reduce(0) { $0 + min(groups[$1].count - 1, limits.locationsPerResult) }
        return SARIFFolding(
            places: findingCount + report.inlineAllowed.count, secrets: groups.count, keptSecrets: kept.count,
            relatedLocations: related, limits: limits, placesLeftOut: findingCount + report.inlineAllowed.count - kept.count - related)
    }
}
