import ArgumentParser
import Foundation
import KeyWarden

struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline", abstract: "Record today's findings by fingerprint, so scans report only what is new.",
        subcommands: [Create.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Print a baseline of the current findings (fingerprints, no plaintext): keywarden baseline create > .keywarden-baseline.json")

        @Argument(help: "The repository or directory (default: the current directory).")
        var path: String = "."
        @Flag(help: "Take the whole history, not just the working tree.")
        var history = false
        @Option(name: .shortAndLong, help: "Write to FILE (atomically) instead of standard output.")
        var output: String?
        @OptionGroup var rules: RuleOptions

        func run() throws {
            try ExitStatus.orCouldNotScan {
                let scanner = SecretScanner(rules: try CompiledRuleSet(try rules.ruleSet(for: path)))
                let report = history ? try scanner.scanHistory(at: path) : try scanner.scanWorkingTree(at: path)
                let baseline = Baseline(report: report)
                if let output {
                    try AtomicFile.write(Data(baseline.json().utf8), to: output, newFilePermissions: 0o600)
                } else {
                    Terminal.writeStandardOutput(baseline.json())
                }
                Terminal.printError("baseline: \(baseline.entries.count) fingerprint\(baseline.entries.count == 1 ? "" : "s")")
                if report.isIncomplete { throw ExitStatus.couldNotScan }
            }
        }
    }
}
