import ArgumentParser
import Foundation
import KeyWarden

struct CICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ci",
        abstract: "Scan what a CI run's push or pull/merge request adds (GitHub Actions, GitLab CI), else the whole history; write SARIF.",
        discussion: "Exit status: 0 no new finding, 1 new findings, 2 the scan could not be done.")

    @Argument(help: "The repository (default: the current directory).")
    var path: String = "."

    @Option(help: "Where to write the SARIF report for code scanning.")
    var sarif: String = "keywarden.sarif"

    @Option(help: "Report only findings not in this baseline (default: .keywarden-baseline.json when present).")
    var baseline: String?

    @OptionGroup var rules: RuleOptions

    func run() throws {
        let plan = CIEnvironment().plan()
        var report: ScanReport
        let ruleSet: RuleSet
        do {
            ruleSet = try rules.ruleSet(for: path)
            let scanner = SecretScanner(rules: try CompiledRuleSet.prepared(ruleSet))
            report = try scanner.scan(plan, at: path)
            let root = RepositoryPaths.repositoryRoot(for: path) ?? path + "/"
            let baselinePath = baseline ?? (FileManager.default.fileExists(atPath: root + ".keywarden-baseline.json") ? root + ".keywarden-baseline.json" : nil)
            let known = try baselinePath.map { path throws(Baseline.LoadError) in try Baseline.load(from: path) }
            let ignorePath = root + IgnoreFile.fileName
            let ignore = FileManager.default.fileExists(atPath: ignorePath) ? try IgnoreFile.load(from: ignorePath) : nil
            _ = FindingFilter(baseline: known, ignoreFile: ignore).apply(to: &report)
            let sarifOutput = try ReportOutput.file(sarif)
            ReportRenderer.write(report, format: .sarif, options: ReportOptions(rules: ruleSet), to: sarifOutput)
            try sarifOutput.finish()
        } catch {
            Terminal.printError("keywarden: error: \(error.localizedDescription)")
            throw ExitStatus.couldNotScan
        }
        let options = ReportOptions(redacts: true, usesColor: ColorChoice.auto.usesColor(for: 1), rules: ruleSet, includesAdvice: true)
        let standardOutput = ReportOutput.standardOutput()
        ReportRenderer.write(report, format: .text, options: options, to: standardOutput)
        standardOutput.write("SARIF written to \(sarif)\n")
        try ExitStatus.orCouldNotScan { try standardOutput.finish() }
        if report.isIncomplete { throw ExitStatus.couldNotScan }
        if !report.findings.isEmpty { throw ExitStatus.secretsFound }
    }
}
