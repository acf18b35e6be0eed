import Foundation

/// How a report is rendered.
public struct ReportOptions: Sendable {
    /// Hide secrets (the default); only `--no-redact` turns this off.
    public var redacts: Bool
    /// ANSI colours in the text report.
    public var usesColor: Bool
    /// The rules in force, for their remediation text and SARIF rule metadata.
    public var rules: RuleSet
    /// End the text report with what to do about a blocked commit or push, and how to allow a false
    /// positive (for hooks and change scans).
    public var includesAdvice: Bool
    /// What SARIF must fit (GitHub's limits unless a test lowers them).
    public var codeScanningLimits = CodeScanningLimits.github
    /// Threads a writer may write the parts of a long report on (SARIF's results); the document does
    /// not depend on it.
    public var threads = ProcessInfo.processInfo.activeProcessorCount

    public init(redacts: Bool = true, usesColor: Bool = false, rules: RuleSet, includesAdvice: Bool = false) {
        self.redacts = redacts
        self.usesColor = usesColor
        self.rules = rules
        self.includesAdvice = includesAdvice
    }
}
