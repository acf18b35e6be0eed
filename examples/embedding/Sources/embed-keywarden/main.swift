// Scans a repository's history with keywarden's library, as a program of your own would: receives
// each finding the moment it is made, renders the report as SARIF, then audits the repository
// (working tree and history: whose key is it, and what must be done) and prints it as Markdown.
//
//     swift run embed-keywarden REPOSITORY [REPORT.sarif]
import Foundation
import KeyWarden

/// Told of findings as the scan makes them, from the scan's worker threads; what the repository's
/// ignore file rules out is passed over, as the report will leave it out.
struct PrintingSink: FindingSink {
    let judge: FindingFilter.Judge

    func found(_ findings: [Finding]) {
        for finding in findings where judge.verdict(for: finding) != .suppressed {
            // `redacted` shows the head and tail of a secret only; `secretSha256` names it.
            let commit = finding.commit.map { " in \($0.id.prefix(12))" } ?? ""
            FileHandle.standardError.write(Data("found \(finding.ruleID) \(finding.redacted) at \(finding.path):\(finding.line)\(commit)\n".utf8))
        }
    }
}

let arguments = CommandLine.arguments.dropFirst()
guard let repository = arguments.first else {
    FileHandle.standardError.write(Data("usage: embed-keywarden REPOSITORY [REPORT.sarif]\n".utf8))
    exit(64)
}
let sarifPath = arguments.dropFirst().first ?? "keywarden.sarif"

do {
    // The rules: keywarden's defaults, or the repository's .keywarden.toml when it has one.
    let ruleSet = try RuleSet.resolve(try Configuration.discover(for: repository))
    let rules = try CompiledRuleSet.prepared(ruleSet)
    // What the team has ruled out: .keywardenignore, or gitleaks' .gitleaksignore.
    let filter = FindingFilter(ignoreFile: try IgnoreFile.discover(for: repository))
    let scanner = SecretScanner(rules: rules, findingSink: PrintingSink(judge: filter.judge))

    // 1. Scan the whole history (`scanWorkingTree(at:)` scans the files); findings reach the sink
    //    as they are made, and the report holds them all, sorted, until the filter has its say.
    var report = try scanner.scanHistory(at: repository)
    _ = filter.apply(to: &report)

    // 2. Render the report (any ReportFormat) to a file, written atomically.
    let output = try ReportOutput.file(sarifPath)
    ReportRenderer.write(report, format: .sarif, options: ReportOptions(rules: ruleSet), to: output)
    try output.finish()
    print(ReportRenderer.summary(of: report, options: ReportOptions(rules: ruleSet)))

    // 3. The audit: findings grouped by key, joined with the inventory, with what to do now.
    let inventory = try InventoryFile(path: Inventory.defaultLocation(from: repository)).load()
    let audit = try KeyAuditor(scanner: SecretScanner(rules: rules), inventory: inventory).audit([repository])
    let markdown = ReportOutput.standardOutput()
    AuditMarkdown.write(audit, to: markdown)
    try markdown.finish()
    exit(report.problems.isEmpty ? (audit.recommendsAction ? 1 : 0) : 2)
} catch {
    FileHandle.standardError.write(Data("embed-keywarden: \(error.localizedDescription)\n".utf8))
    exit(2)
}
