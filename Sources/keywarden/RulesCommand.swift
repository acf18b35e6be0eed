import ArgumentParser
import Foundation
import KeyWarden

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "List the active rules or run their own examples.",
        subcommands: [List.self, Test.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",abstract: "List the active rules.")

        @Argument(help: "The directory whose .keywarden.toml applies (default: the current directory).")
        var path: String = "."

        @OptionGroup var rules: RuleOptions

        func run() throws {
            let ruleSet = try ExitStatus.orCouldNotScan {
                let ruleSet = try rules.ruleSet(for: path)
                _ = try CompiledRuleSet(ruleSet)
                return ruleSet
            }
            let width = ruleSet.rules.map(\.id.count).max() ?? 0
            var text = ""
            for rule in ruleSet.rules {
                let padding = String(repeating: " ", count: width - rule.id.count)
                text += "\(rule.id)\(padding)  \(rule.provider.isEmpty ? "-" : rule.provider): \(rule.description)  (\(rule.origin))\n"
            }
            text += "\(ruleSet.rules.count) rules\n"
            Terminal.writeStandardOutput(text)
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Run every rule's examples: positives must be found, negatives must not.")

        @Argument(help: "The directory whose .keywarden.toml applies (default: the current directory).")
        var path: String = "."

        @Option(help: "How many times each example is expanded with fresh random characters.")
        var rounds = 3

        @OptionGroup var rules: RuleOptions

        func run() throws {
            let checker = try ExitStatus.orCouldNotScan {
                let compiled = try CompiledRuleSet(try rules.ruleSet(for: path))
                return RuleExampleChecker(scanner: SecretScanner(rules: compiled, options: ScanOptions(threads: 1)), rounds: max(1, rounds))
            }
            let outcome = checker.check()
            for failure in outcome.failures { Terminal.writeStandardOutput("FAIL \(failure)\n") }
            for rule in outcome.rulesWithoutExamples {
                Terminal.writeStandardOutput("WARN rule '\(rule)' lacks a positive or a negative example\n")
            }
            let rulesCount = checker.scanner.rules.ruleSet.rules.count
            Terminal.writeStandardOutput(
                "\(outcome.failures.isEmpty ? "ok" : "FAILED"): \(rulesCount) rules, \(outcome.examplesRun) example runs, \(outcome.failures.count) failures\n")
            if !outcome.failures.isEmpty { throw ExitStatus.secretsFound }
        }
    }
}
