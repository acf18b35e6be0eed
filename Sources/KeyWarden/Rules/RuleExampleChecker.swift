/// Runs every rule's own examples through the real scanner: each positive example must produce a
/// finding of its rule, and no other provider's rule may report the same secret (one secret, one
/// rule: only a generic rule's finding gives way); each negative example must produce none.
package struct RuleExampleChecker: Sendable {
    /// One example that did not behave as its rule says.
    package struct Failure: Sendable, Hashable, CustomStringConvertible {
        package var ruleID: String
        package var origin: String
        package var template: String
        package var isPositive: Bool
        package var message: String

        package var description: String {
            "\(origin): rule '\(ruleID)': \(isPositive ? "example" : "negative example") \(template.debugDescription): \(message)"
        }
    }

    /// What checking the examples found.
    package struct Outcome: Sendable {
        package var examplesRun = 0
        package var failures: [Failure] = []
        /// Rules that ship fewer than one positive or one negative example.
        package var rulesWithoutExamples: [String] = []
    }

    package let scanner: SecretScanner
    /// How many times each example is expanded (fresh random characters each time).
    package var rounds: Int

    package init(scanner: SecretScanner, rounds: Int = 3) {
        self.scanner = scanner
        self.rounds = rounds
    }

    package func check() -> Outcome {
        var outcome = Outcome()
        // One detector for every example, as one worker scans many files.
        let detector: SecretDetector
        do {
            detector = try SecretDetector(rules: scanner.rules)
        } catch {
            outcome.failures.append(Failure(ruleID: "", origin: "rules", template: "", isPositive: true, message: "\(error)"))
            return outcome
        }
        for rule in scanner.rules.ruleSet.rules {
            if rule.examples.isEmpty || rule.negativeExamples.isEmpty { outcome.rulesWithoutExamples.append(rule.id) }
            for (examples, isPositive) in [(rule.examples, true), (rule.negativeExamples, false)] {
                for example in examples {
                    for _ in 0..<rounds {
                        outcome.examplesRun += 1
                        if let failure = run(example, rule: rule, isPositive: isPositive, detector: detector) {
                            outcome.failures.append(failure)
                            break
                        }
                    }
                }
            }
        }
        return outcome
    }

    private func run(_ example: RuleExample, rule: Rule, isPositive: Bool, detector: SecretDetector) -> Failure? {
        func failure(_ message: String) -> Failure {
            Failure(ruleID: rule.id, origin: rule.origin, template: example.template, isPositive: isPositive, message: message)
        }
        let text: String
        do {
            text = try ExampleTemplate(example.template).expand()
        } catch {
            return failure(error.message)
        }
        let all: [Finding]
        do {
            all = try Array(text.utf8).withUnsafeBytes { buffer in
                try scanner.findings(in: buffer, path: example.path, detector: detector, source: .worktree, commit: nil) ?? []
            }.filter { !$0.isInlineAllowed }
        } catch {
            return failure("scan failed: \(error)")
        }
        let found = all.filter { $0.ruleID == rule.id }
        if isPositive && found.isEmpty { return failure("no finding (expanded text: \(Redaction.redact(text)))") }
        if !isPositive && !found.isEmpty { return failure("reported \(found.map(\.redacted).joined(separator: ", "))") }
        if isPositive, rule.provider != "Generic" {
            let others = all.filter { other in
                other.ruleID != rule.id && other.provider != "Generic"
                    && found.contains { $0.secret.contains(other.secret) || other.secret.contains($0.secret) }
            }
            if let other = others.first { return failure("the same secret is also reported by rule '\(other.ruleID)'") }
        }
        return nil
    }
}
