import ArgumentParser
import Foundation
import KeyWarden

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Whose key is this and what must we do now: scan repositories (tree and history), join with the inventory, recommend.",
        discussion: "Exit status: 0 nothing to do, 1 an action is recommended, 2 the audit could not be done.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, markdown, html
    }

    @Argument(help: "Repositories or directories to audit (default: the current directory).")
    var paths: [String] = []

    @Option(parsing: .upToNextOption, help: "Merge these audit JSON reports (from `audit --format json`) instead of scanning.")
    var merge: [String] = []

    @Option(name: .shortAndLong, help: "Report format: text, json, markdown or html (one self-contained page).")
    var format: Format = .text

    @Option(name: .shortAndLong, help: "Write the report to FILE (atomically) instead of standard output.")
    var output: String?

    @Option(help: "Colour: auto, always or never.")
    var color: ColorChoice = .auto

    @Option(help: "Worker threads (default: one per core).")
    var threads: Int?

    @Flag(
        name: .customLong("include-unreachable"),
        help: "Also scan the objects no reference reaches (amended or dropped commits, deleted branches).")
    var includeUnreachable = false

    @OptionGroup var location: InventoryLocation
    @OptionGroup var rules: RuleOptions
    @OptionGroup var verification: VerifyOptions

    /// `--threads`, or one per core: for the scans and for writing the report.
    private var workerThreads: Int { max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount) }

    func validate() throws {
        if !merge.isEmpty && !paths.isEmpty { throw ValidationError("give repositories to scan or --merge reports, not both") }
    }

    func run() throws {
        let report = try ExitStatus.orCouldNotScan { () throws -> AuditReport in
            let inventory = try location.file.load()
            let targets = paths.isEmpty ? ["."] : paths
            let ruleSet = try rules.ruleSet(for: targets[0])
            var options = ScanOptions(historyCacheDirectory: ScanOptions.defaultCacheDirectory)
            options.threads = workerThreads
            options.includeUnreachable = includeUnreachable
            let scanner = SecretScanner(rules: try CompiledRuleSet.prepared(ruleSet), options: options)
            if merge.isEmpty {
                let auditor = KeyAuditor(scanner: scanner, inventory: inventory, verifier: try verification.makeVerifier())
                return try auditor.audit(targets)
            }
            let merged = AuditJSON.Contents.merged(try merge.map { path in
                try AuditJSON.read(try Data(contentsOf: URL(fileURLWithPath: path)), path: path)
            })
            var notes = merged.notes
            if verification.verify {
                notes.append("--verify cannot check keys again from merged reports (they hold no plaintext): the verdicts they recorded are shown")
            }
            return KeyAuditor(scanner: scanner, inventory: inventory).report(
                findings: merged.findings, repositories: merged.repositories, problems: merged.problems, notes: notes,
                liveness: merged.liveness)
        }
        try ExitStatus.orCouldNotScan {
            let destination = try output.map { try ReportOutput.file($0) } ?? .standardOutput()
            switch format {
            case .text: AuditText.write(report, usesColor: (output == nil || output == "-") && color.usesColor(for: 1), to: destination)
            case .json: AuditJSON.write(report, to: destination, threads: workerThreads)
            case .markdown: AuditMarkdown.write(report, to: destination, threads: workerThreads)
            case .html: AuditHTML.write(report, to: destination)
            }
            try destination.finish()
        }
        if !report.problems.isEmpty { throw ExitStatus.couldNotScan }
        if report.recommendsAction { throw ExitStatus.secretsFound }
    }
}
