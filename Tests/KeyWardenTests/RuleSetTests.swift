import Foundation
import KeyWarden
import TestSupport
import Testing

@Suite struct RuleSetTests {
    @Test func embeddedRulesMatchTheRuleFiles() throws {
        let directory = KeyWardenBinary.packageRoot + "/rules"
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".toml") }.sorted()
        #expect(names == DefaultRules.fileNames.sorted(), "run `make rules` after adding or removing a rule file")
        for name in names {
            let onDisk = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            #expect(DefaultRules.text(of: name) == onDisk, "rules/\(name) differs from the embedded copy: run `make rules`")
        }
    }

    @Test func defaultsHoldRunwayAndAtLeast25OtherRules() throws {
        let rules = try RuleSet.defaults().rules
        #expect(rules.contains { $0.id == "runway-api-key" })
        #expect(rules.count >= 26)
        for rule in rules {
            #expect(!rule.examples.isEmpty && !rule.negativeExamples.isEmpty, "\(rule.id) needs examples both ways")
            #expect(!rule.remediation.isEmpty, "\(rule.id) needs a remediation")
        }
    }

    /// `CompiledRuleSet` compiles a configuration's path and allowlist regexes to check them, but not
    /// the built-in rules' (that cost every hook run): this is where those are checked. Renamed copies
    /// of the defaults are not built in, so they go through every check.
    @Test func everyBuiltInPathAndAllowlistRegexCompiles() throws {
        let defaults = try RuleSet.defaults()
        var copies = defaults
        copies.rules = defaults.rules.map { rule in
            var copy = rule
            copy.id = "copy-of-" + rule.id
            return copy
        }
        copies.allowlists = defaults.allowlists.map { allowlist in
            var copy = allowlist
            copy.description += " (copy)"
            return copy
        }
        #expect(copies.rules.allSatisfy { !defaults.rules.contains($0) })
        #expect(copies.rules.contains { $0.path != nil } && copies.rules.contains { !$0.allowlists.isEmpty })
        _ = try CompiledRuleSet(copies, cacheDirectory: nil)
        var broken = copies
        broken.rules[0].allowlists.append(Allowlist(description: "broken", regexes: ["(unclosed"]))
        #expect(throws: RuleFileError.self) { try CompiledRuleSet(broken, cacheDirectory: nil) }
    }

    @Test func everyDefaultRuleExampleBehaves() throws {
        let scanner = SecretScanner(rules: try CompiledRuleSet(try RuleSet.defaults()), options: ScanOptions(threads: 1))
        let outcome = RuleExampleChecker(scanner: scanner, rounds: 5).check()
        #expect(outcome.failures.isEmpty, "\(outcome.failures.map(\.description).joined(separator: "\n"))")
        #expect(outcome.examplesRun > 0)
    }

    @Test func configurationExtendsDisablesAndReplacesDefaults() throws {
        let text = """
            [extend]
            disabledRules = ["runway-api-key"]

            [[rules]]
            id = "internal-token"
            description = "Internal token"
            regex = '''itk_([a-z0-9]{20})'''
            secretGroup = 1
            keywords = ["itk_"]
            examples = ['itk_${lowerdigits:20}']
            negativeExamples = ['itk_short']

            [[allowlists]]
            paths = ['''^fixtures/''']
            """
        let configuration = try RuleFileParser.parseConfiguration(text, origin: ".keywarden.toml")
        let ruleSet = try RuleSet.resolve(configuration)
        #expect(!ruleSet.rules.contains { $0.id == "runway-api-key" })
        #expect(ruleSet.rules.contains { $0.id == "internal-token" })
        #expect(ruleSet.rules.count == (try RuleSet.defaults().rules.count))
        let scanner = SecretScanner(rules: try CompiledRuleSet(ruleSet))
        let token = "itk_" + TestKeys.random(20, from: "abcdefghijklmnopqrstuvwxyz0123456789")
        #expect(try scanner.findings(in: Array("t = \(token)".utf8), path: "src/a.txt").count == 1)
        #expect(try scanner.findings(in: Array("t = \(token)".utf8), path: "fixtures/a.txt").isEmpty)
        #expect(try scanner.findings(in: Array(TestKeys.runway().utf8), path: "a.env").isEmpty)
    }

    @Test func useDefaultFalseKeepsOnlyTheConfiguredRules() throws {
        let text = """
            [extend]
            useDefault = false
            [[rules]]
            id = "only"
            regex = '''only_[0-9]{6}'''
            """
        let ruleSet = try RuleSet.resolve(try RuleFileParser.parseConfiguration(text, origin: "c.toml"))
        #expect(ruleSet.rules.map(\.id) == ["only"])
    }

    static let brokenFiles: [(String, String)] = [
        ("[[rules]]\nid = \"a\"\nregex = '''(unclosed'''\n", "invalid regular expression"),
        ("[[rules]]\nid = \"a\"\nregex = '''a(b)'''\nsecretGroup = 3\n", "secretGroup 3 does not exist"),
        ("[[rules]]\nid = \"a\"\nregex = '''x*'''\n", "matches the empty string"),
        ("[[rules]]\nid = \"a\"\nregex = ''\n", "the regex is empty"),
        ("[[rules]]\nid = \"a\"\nregex = 'a'\n[[rules]]\nid = \"a\"\nregex = 'b'\n", "duplicate rule id"),
        ("[[rules]]\nid = \"a\"\nregex = 'a'\nsecretgroup = 1\n", "unknown field 'secretgroup'"),
        ("[[rules]]\nid = \"a\"\nregex = 'a'\nentropy = \"high\"\n", "'entropy' must be a number"),
        ("[[rules]]\nid = \"a\"\nregex = 'a'\nchecksum = \"luhn\"\n", "unknown checksum"),
        ("[[rules]]\nid = \"a\"\nregex = 'a'\npath = '''[z-a]'''\n", "path"),
        ("[[rules]\nid = \"a\"\n", "TOML syntax error"),
        ("[extend]\ndisabledRules = [\"no-such-rule\"]\n", "not a rule"),
    ]

    @Test(arguments: brokenFiles)
    func brokenRuleFilesNameFileRuleAndProblem(text: String, expected: String) throws {
        guard let error = Self.loadError(text) else {
            Issue.record("accepted a broken rule file: \(text)")
            return
        }
        do {
            #expect(error.file == "broken.toml")
            #expect(error.localizedDescription.contains(expected), "\(error.localizedDescription)")
            if !text.contains("[[rules]\n") && text.contains("id = \"a\"") { #expect(error.ruleID == "a") }
            if text.hasPrefix("[[rules]\n") { #expect(error.line != nil) }
        }
    }

    static func loadError(_ text: String) -> RuleFileError? {
        do {
            let configuration = try RuleFileParser.parseConfiguration(text, origin: "broken.toml")
            _ = try CompiledRuleSet(try RuleSet.resolve(configuration))
            return nil
        } catch {
            return error
        }
    }
}
