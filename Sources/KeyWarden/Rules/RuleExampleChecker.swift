/// Runs every rule's own examples through the real scanner: each positive example must produce a
/// finding of its rule, each negative example none.
public struct RuleExampleChecker: Sendable {
    /// One example that did not behave as its rule says.
    public struct Failure: Sendable, Hashable, CustomStringConvertible {
        public var ruleID: String
        public var origin: String
        public var template: String
        public var isPositive: Bool
        public var message: String

        public var description: String {
            "\(origin): rule '\(ruleID)': \(isPositive ? "example" : "negative example") \(template.debugDescription): \(message)"
        }
    }

    /// What checking the examples found.
    public struct Outcome: Sendable {
        public var examplesRun = 0
        public var failures: [Failure] = []
        /// Rules that ship fewer than one positive or one negative example.
        public var rulesWithoutExamples: [String] = []
    }

    public let scanner: SecretScanner
    /// How many times each example is expanded (fresh random characters each time).
    public var rounds: Int

    public init(scanner: SecretScanner, rounds: Int = 3) {
        self.scanner = scanner
        self.rounds = rounds
    }

    public func check() -> Outcome {
        var outcome = Outcome()
        for rule in scanner.rules.ruleSet.rules {
            if rule.examples.isEmpty || rule.negativeExamples.isEmpty { outcome.rulesWithoutExamples.append(rule.id) }
            for (examples, isPositive) in [(rule.examples, true), (rule.negativeExamples, false)] {
                for example in examples {
                    for _ in 0..<rounds {
                        outcome.examplesRun += 1
                        if let failure = run(example, rule: rule, isPositive: isPositive) {
                            outcome.failures.append(failure)
                            break
                        }
                    }
                }
            }
        }
        return outcome
    }

    private func run(_ example: RuleExample, rule: Rule, isPositive: Bool) -> Failure? {
        func failure(_ message: String) -> Failure {
            Failure(ruleID: rule.id, origin: rule.origin, template: example.template, isPositive: isPositive, message: message)
        }
        let text: String
        do {
            text = try ExampleTemplate(example.template).expand()
        } catch {
            return failure(error.message)
        }
        let found: [Finding]
        do {
            found = try scanner.findings(in: Array(text.utf8), path: example.path).filter { $0.ruleID == rule.id }
        } catch {
            return failure("scan failed: \(error)")
        }
        if isPositive && found.isEmpty { return failure("no finding (expanded text: \(Redaction.redact(text)))") }
        if !isPositive && !found.isEmpty { return failure("reported \(found.map(\.redacted).joined(separator: ", "))") }
        return nil
    }
}
