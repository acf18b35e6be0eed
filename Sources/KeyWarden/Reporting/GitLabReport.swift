import Foundation

/// GitLab's secret-detection report (`--format gitlab`, schema 15.2.1), what a job names under
/// `artifacts: reports: secret_detection` so findings reach the merge request widget and the
/// vulnerability report. Written finding by finding, like the JSON report.
///
/// Each finding is one vulnerability: the rule is its primary identifier, the location its file,
/// line and commit (`0000000` for what is not committed, as GitLab's own analyzer writes), the
/// remediation its solution. Secrets stay redacted: `raw_source_code_extract`, where GitLab's
/// analyzer puts the secret, is written only with `--no-redact`. What could not be scanned is a
/// `warn` message and makes the scan's status `failure`.
enum GitLabReport {
    static let schemaVersion = "15.2.1"
    static let schemaURI =
        "https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v15.2.1/dist/secret-detection-report-format.json"
    /// The commit GitLab's analyzer names for content that is not committed.
    static let uncommitted = "0000000"
    /// The schema's limits on a vulnerability's texts.
    static let nameLimit = 255
    static let solutionLimit = 7_000

    static func write(_ report: ScanReport, options: ReportOptions, to output: ReportOutput, now: Date = Date()) {
        let rules = Dictionary(options.rules.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var writer = JSONStreamWriter(to: output)
        writer.beginObject()
        writer.member("scan", scan(report, now: now))
        writer.member("schema", .string(schemaURI))
        writer.member("version", .string(schemaVersion))
        writer.key("vulnerabilities")
        writer.beginArray()
        for finding in report.findings {
            writer.value(vulnerability(finding, rule: rules[finding.ruleID], report: report, redacts: options.redacts))
        }
        writer.end()
        writer.end()
        writer.finishDocument()
    }

    private static func scan(_ report: ScanReport, now: Date) -> JSONValue {
        let end = Int64(now.timeIntervalSince1970)
        let start = end - Int64(report.statistics.durationSeconds.rounded(.up))
        let tool: JSONValue = [
            "id": "keywarden", "name": "keywarden", "url": "https://github.com/keywarden/keywarden",
            "vendor": ["name": "keywarden"], "version": .string(KeyWardenVersion.current),
        ]
        var messages: [JSONValue] = report.problems.map { problem in
            ["level": "warn", "value": .string(SecretScrubber.scrubbed("could not scan \(problem.subject): \(problem.reason)"))]
        }
        messages += report.notes.filter { !$0.isEmpty }.map { ["level": "info", "value": .string(SecretScrubber.scrubbed($0))] }
        return [
            "analyzer": tool, "scanner": tool, "type": "secret_detection",
            "start_time": .string(utc(start)), "end_time": .string(utc(end)),
            "status": report.isIncomplete ? "failure" : "success",
            "messages": .array(messages),
        ]
    }

    private static func vulnerability(_ finding: Finding, rule: Rule?, report: ScanReport, redacts: Bool) -> JSONValue {
        let title = finding.ruleDescription.isEmpty ? finding.ruleID : finding.ruleDescription
        let severity = rule?.effectiveSeverity ?? .high
        var identifier: [String: JSONValue] = [
            "type": "keywarden_rule_id", "name": .string("keywarden rule \(finding.ruleID)"), "value": .string(finding.ruleID),
        ]
        if let rule, let uri = SARIFReport.helpURI(of: rule), uri.hasPrefix("http") { identifier["url"] = .string(uri) }
        var commit: [String: JSONValue] = ["sha": .string(uncommitted)]
        if let found = finding.commit {
            commit = [
                "sha": .string(found.id), "author": .string("\(found.authorName) <\(found.authorEmail)>"),
                "date": .string(found.date), "message": .string(found.summary),
            ]
        }
        let shown = redacts ? finding.redacted : finding.secret
        var description = "\(title) \(shown) in \(finding.path) line \(finding.line)"
        if let found = finding.commit { description += ", committed in \(found.id.prefix(12))" + (found.isUnreachable ? " (unreachable)" : "") }
        if let liveness = report.liveness[finding.secretSha256] { description += ". Liveness: \(liveness.summary)" }
        description += ". Fingerprint \(finding.fingerprint) (for .keywardenignore); secret SHA-256 \(finding.secretSha256)."
        let remediation = (rule?.remediation).flatMap { $0.isEmpty ? nil : $0 } ?? "Revoke the secret and remove it from the code."
        var object: [String: JSONValue] = [
            "id": .string(identity(of: finding)),
            "category": "secret_detection",
            "name": .string(String(title.prefix(nameLimit))),
            "description": .string(description),
            "severity": .string(gitLabSeverity(severity)),
            "solution": .string(String(remediation.prefix(solutionLimit))),
            "identifiers": [.object(identifier)],
            "location": [
                "file": .string(finding.path), "start_line": .integer(finding.line), "end_line": .integer(finding.line),
                "commit": .object(commit),
            ],
        ]
        if !redacts { object["raw_source_code_extract"] = .string(finding.secret) }
        return .object(object)
    }

    /// A UUID-shaped digest of the finding's rule, secret and place: the same finding has the same
    /// id from run to run, and two places of one secret differ.
    static func identity(of finding: Finding) -> String {
        let digest = SecretDigest.sha256Hex(
            [finding.fingerprint, finding.path, String(finding.line), String(finding.column), finding.commit?.id ?? "", finding.source.rawValue]
                .joined(separator: "\u{0}"))
        let hex = Array(digest.prefix(32))
        return [hex[0..<8], hex[8..<12], hex[12..<16], hex[16..<20], hex[20..<32]].map { String($0) }.joined(separator: "-")
    }

    static func gitLabSeverity(_ severity: RuleSeverity) -> String {
        switch severity {
        case .critical: "Critical"
        case .high: "High"
        case .medium: "Medium"
        case .low: "Low"
        }
    }

    /// `2026-12-06T02:00:00`: UTC, without a zone, as the schema's pattern asks.
    static func utc(_ seconds: Int64) -> String { String(ISODate.format(seconds: seconds, offsetMinutes: 0).dropLast()) }
}
