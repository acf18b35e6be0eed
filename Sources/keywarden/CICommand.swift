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

    @Option(
        name: .customLong("gitlab-report"),
        help: "Also write GitLab's secret-detection report here (for artifacts: reports: secret_detection).")
    var gitLabReport: String?

    @Option(help: "Report only findings not in this baseline (default: .keywarden-baseline.json when the trusted side has one).")
    var baseline: String?

    @Flag(
        name: .customLong("trust-changed-config"),
        help: "Apply the configuration, ignore file and baseline of the commits being checked, not the trusted side's.")
    var trustChangedConfig = false

    @OptionGroup var rules: RuleOptions

    func run() throws {
        let plan = CIEnvironment().plan()
        let report: ScanReport
        let ruleSet: RuleSet
        do {
            var check = try TrustedChangeScan.forCI(plan, at: path)
            let root = RepositoryPaths.repositoryRoot(for: path)
            if let config = rules.config { check.files.configuration = PolicyFiles.location(of: config, repositoryRoot: root) }
            if let baseline { check.files.baseline = PolicyFiles.location(of: baseline, repositoryRoot: root) }
            check.trustsChangedPolicy = trustChangedConfig
            (report, ruleSet) = try check.run()
            let sarifOutput = try ReportOutput.file(sarif)
            ReportRenderer.write(report, format: .sarif, options: ReportOptions(rules: ruleSet), to: sarifOutput)
            try sarifOutput.finish()
            if let gitLabReport {
                let gitLabOutput = try ReportOutput.file(gitLabReport)
                ReportRenderer.write(report, format: .gitlab, options: ReportOptions(rules: ruleSet), to: gitLabOutput)
                try gitLabOutput.finish()
            }
        } catch {
            Terminal.printError(error)
            throw ExitStatus.couldNotScan
        }
        let options = ReportOptions(redacts: true, usesColor: ColorChoice.auto.usesColor(for: 1), rules: ruleSet, includesAdvice: true)
        let standardOutput = ReportOutput.standardOutput()
        ReportRenderer.write(report, format: .text, options: options, to: standardOutput)
        standardOutput.write("SARIF written to \(sarif)\n")
        if let gitLabReport { standardOutput.write("GitLab secret-detection report written to \(gitLabReport)\n") }
        try ExitStatus.orCouldNotScan { try standardOutput.finish() }
        if report.isIncomplete { throw ExitStatus.couldNotScan }
        if !report.findings.isEmpty { throw ExitStatus.secretsFound }
    }
}
