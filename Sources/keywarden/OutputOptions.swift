import ArgumentParser
import Foundation
import KeyWarden

/// Options shared by the commands that produce a report.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Report format: text, json, jsonl (one finding a line), sarif, csv, or gitlab (GitLab's secret-detection report).")
    var format: ReportFormatArgument = .text

    @Option(name: .shortAndLong, help: "Write the report to FILE (atomically) instead of standard output.")
    var output: String?

    @Flag(name: .customLong("no-redact"), help: "Show secrets in plain text. Never use this in CI logs.")
    var noRedact = false

    @Option(help: "Colour: auto, always or never.")
    var color: ColorChoice = .auto

    @Flag(name: .shortAndLong, help: "Print nothing when no secret is found; no summary line on stderr.")
    var quiet = false

    /// Where the report goes: the output file (`-` is standard output) or standard output. A
    /// report with plaintext secrets is for its owner's eyes only.
    func destination() throws -> ReportOutput {
        guard let output else { return .standardOutput() }
        return try ReportOutput.file(output, newFilePermissions: noRedact ? 0o600 : 0o644)
    }

    var usesColor: Bool { (output == nil || output == "-") && color.usesColor(for: 1) }

    /// Writes the report (or, when its findings were streamed as they were made, finishes that
    /// stream), the summary and problems on stderr, and exits with the scan's status: 2 when
    /// something could not be scanned, 1 when secrets were found, 0 otherwise.
    func finish(_ report: ScanReport, ruleSet: RuleSet, includesAdvice: Bool = false, streamed: JSONLinesStream? = nil, threads: Int? = nil) throws {
        var report = report
        // How the rules were read (a gitleaks configuration standing in, a field gitleaks ignores).
        report.notes = ruleSet.notes.filter { !report.notes.contains($0) } + report.notes
        var reportOptions = ReportOptions(redacts: !noRedact, usesColor: usesColor, rules: ruleSet, includesAdvice: includesAdvice)
        if let threads { reportOptions.threads = threads }
        let quietAndClean = quiet && report.findings.isEmpty && report.problems.isEmpty
        if let streamed {
            try ExitStatus.orCouldNotScan { try streamed.finish() }
        } else if !(quietAndClean && format == .text && output == nil) {
            try ExitStatus.orCouldNotScan {
                let destination = try destination()
                ReportRenderer.write(report, format: format.format, options: reportOptions, to: destination)
                try destination.finish()
            }
        }
        if !quiet && (format != .text || output != nil) {
            let summaryOptions = ReportOptions(redacts: true, usesColor: color.usesColor(for: 2), rules: ruleSet)
            Terminal.printError(ReportRenderer.summary(of: report, options: summaryOptions))
            for problem in report.problems { Terminal.printError("keywarden: could not scan " + Terminal.quoting("\(problem.subject): \(problem.reason)")) }
        }
        if report.isIncomplete { throw ExitStatus.couldNotScan }
        if !report.findings.isEmpty { throw ExitStatus.secretsFound }
    }
}
