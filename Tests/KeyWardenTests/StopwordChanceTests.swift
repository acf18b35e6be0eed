import Foundation
@testable import KeyWarden
import TestSupport
import Testing

/// A rule's stopwords drop placeholders (`changeme`, `your_token`), compared case-insensitively
/// against the secret anywhere inside it. A short stopword made of characters a random secret is
/// drawn from turns real secrets away by chance: "xxxx" sits in one random 60-character base64
/// password in about 18,000 (each character is an x with odds 2 in 64), so nuget, .pgpass and
/// netrc passwords went unreported at that rate. This test bounds, for every default rule and every
/// example, the chance that a random secret of the example's shape holds one of the rule's
/// stopwords, at one in 100,000 (the most likely left, generic-api-key's
/// examples with "dummy", "redacted" and the rest together, is about one in 460,000).
@Suite struct StopwordChanceTests {
    static let bound = 1e-5

    /// `${name:N}` placeholders of the template whose alphabet is random (`hex`, `b64`, …).
    static func randomRuns(in template: String) -> [(alphabet: [Character], length: Int)] {
        let pattern = try! NSRegularExpression(pattern: #"\$\{([A-Za-z0-9]+):([0-9]+)\}"#)
        let text = template as NSString
        return pattern.matches(in: template, range: NSRange(location: 0, length: text.length)).compactMap { match in
            let name = text.substring(with: match.range(at: 1))
            guard let alphabet = ExampleTemplate.alphabets[name], let length = Int(text.substring(with: match.range(at: 2))) else {
                return nil
            }
            return (alphabet, length)
        }
    }

    /// An upper bound on the chance that `stopword` (lower case) occurs, case-insensitively, in a
    /// string of `length` characters drawn uniformly from `alphabet`.
    static func chance(of stopword: String, in alphabet: [Character], length: Int) -> Double {
        let word = Array(stopword)
        guard word.count <= length else { return 0 }
        let folded = alphabet.map { Character($0.lowercased()) }
        var perPosition = 1.0
        for character in word {
            perPosition *= Double(folded.filter { $0 == character }.count) / Double(alphabet.count)
        }
        return Double(length - word.count + 1) * perPosition
    }

    @Test func noDefaultStopwordTurnsAwayRandomSecretsOfItsExamples() throws {
        let defaults = try RuleSet.defaults()
        let global = defaults.allowlists.flatMap(\.stopwords)
        var tooLikely: [String] = []
        var checked = 0
        for rule in defaults.rules {
            let stopwords = rule.allowlists.flatMap(\.stopwords) + global
            guard !stopwords.isEmpty else { continue }
            for (number, example) in rule.examples.enumerated() {
                let runs = Self.randomRuns(in: example.template)
                guard !runs.isEmpty else { continue }
                checked += 1
                var total = 0.0
                var worst = ("", 0.0)
                for stopword in stopwords {
                    let odds = runs.reduce(0.0) { $0 + Self.chance(of: stopword, in: $1.alphabet, length: $1.length) }
                    total += odds
                    if odds > worst.1 { worst = (stopword, odds) }
                }
                if total > Self.bound {
                    tooLikely.append("\(rule.id) example \(number + 1): one random secret in \(Int(1 / total)) holds a stopword (most often \(worst.0.debugDescription))")
                }
            }
        }
        #expect(tooLikely.isEmpty, "stopwords that random secrets contain:\n\(tooLikely.joined(separator: "\n"))")
        #expect(checked > 20)
    }

    @Test func theBoundCatchesAShortRunOfOneLetter() {
        let b64 = ExampleTemplate.alphabets["b64"]!
        // 57 positions, each an x or X with odds (2/64)^4: about one in 18,000.
        #expect(Self.chance(of: "xxxx", in: b64, length: 60) > 1e-5)
        #expect(Self.chance(of: "xxxxxxxx", in: b64, length: 60) < 1e-10)
        #expect(Self.chance(of: "xxxx", in: ExampleTemplate.alphabets["hex"]!, length: 64) == 0)
    }

    /// The reproduction: a nuget.config of many random passwords, each with an "xXxX" inside, is
    /// reported line for line.
    @Test func nugetPasswordsWithARunOfXAreReported() throws {
        var generator = SeededGenerator(seed: 0x0C0FFEE)
        let b64 = ExampleTemplate.alphabets["b64"]!
        var lines = ["<?xml version=\"1.0\" encoding=\"utf-8\"?>", "<configuration>", "  <packageSourceCredentials>", "    <feed>"]
        let count = 50
        for _ in 0..<count {
            let head = String((0..<24).map { _ in b64.randomElement(using: &generator)! })
            let tail = String((0..<32).map { _ in b64.randomElement(using: &generator)! })
            lines.append("      <add key=\"ClearTextPassword\" value=\"\(head)xXxX\(tail)==\" />")
        }
        lines += ["    </feed>", "  </packageSourceCredentials>", "</configuration>", ""]
        let scratch = try TemporaryDirectory("stopwords")
        try scratch.write("nuget.config", lines.joined(separator: "\n"))
        let scanner = SecretScanner(rules: try CompiledRuleSet(try RuleSet.defaults(), cacheDirectory: nil), options: ScanOptions(threads: 1))
        let report = try scanner.scanWorkingTrees(at: [scratch.path])
        let lineNumbers = Set(report.findings.filter { $0.ruleID == "nuget-config-password" }.map(\.line))
        #expect(lineNumbers == Set(5..<(5 + count)))
    }
}
