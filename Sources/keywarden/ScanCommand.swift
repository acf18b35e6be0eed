import ArgumentParser
import Foundation
import KeyWarden

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan the files of a working tree, or with --history every blob in a repository's history.")

    @Argument(help: "A directory, file or repository (default: the current directory).")
    var path: String = "."

    @Flag(help: "Scan every blob reachable from every reference (branches, tags, remotes, stash), each once.")
    var history = false

    @Option(help: "Worker threads (default: one per core).")
    var threads: Int?

    @Option(name: .customLong("max-file-size"), help: "Skip files and blobs larger than this many bytes (default 10000000).")
    var maxFileSize: Int?

    @OptionGroup var rules: RuleOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let maxFileSize, maxFileSize < 1 { throw ValidationError("--max-file-size must be at least 1") }
    }

    func run() throws {
        let report: ScanReport
        let ruleSet: RuleSet
        do {
            ruleSet = try rules.ruleSet(for: path)
            var options = ScanOptions()
            if let threads { options.threads = threads }
            if let size = try maxFileSize ?? rules.maxFileSize(for: path) { options.maxFileSize = size }
            let scanner = SecretScanner(rules: try CompiledRuleSet(ruleSet), options: options)
            report = history ? try scanner.scanHistory(at: path) : try scanner.scanWorkingTree(at: path)
        } catch {
            Terminal.printError("keywarden: error: \(error.localizedDescription)")
            throw ExitStatus.couldNotScan
        }
        let reportOptions = ReportOptions(redacts: !output.noRedact, usesColor: output.usesColor, rules: ruleSet)
        let quietAndClean = output.quiet && report.findings.isEmpty && report.problems.isEmpty
        if !(quietAndClean && output.format == .text && output.output == nil) {
            do {
                try output.emit(ReportRenderer.render(report, format: output.format.format, options: reportOptions))
            } catch {
                Terminal.printError("keywarden: error: \(error.localizedDescription)")
                throw ExitStatus.couldNotScan
            }
        }
        if !output.quiet && (output.format != .text || output.output != nil) {
            let summaryOptions = ReportOptions(redacts: true, usesColor: output.color.usesColor(for: 2), rules: ruleSet)
            Terminal.printError(ReportRenderer.summary(of: report, options: summaryOptions))
            for problem in report.problems { Terminal.printError("keywarden: could not scan \(problem.subject): \(problem.reason)") }
        }
        if report.isIncomplete { throw ExitStatus.couldNotScan }
        if !report.findings.isEmpty { throw ExitStatus.secretsFound }
    }
}
