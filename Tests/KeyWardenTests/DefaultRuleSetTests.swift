import Foundation
@testable import KeyWarden
import Matching
import TestSupport
import Testing

/// keywarden does not parse its default rules at run time: `DefaultRules+RuleSet.swift` holds them as
/// Swift, rendered from the rule files by this test. `make rules` re-renders it
/// (`KEYWARDEN_RENDER_DEFAULT_RULES=1`); otherwise the test fails while it differs.
@Suite struct DefaultRuleSetTests {
    static let sourcePath = KeyWardenBinary.packageRoot + "/Sources/KeyWarden/Rules/DefaultRules+RuleSet.swift"

    @Test func compiledInDefaultsAreTheParsedRuleFiles() throws {
        let parsed = try RuleSet.parsingDefaultRuleFiles()
        let source = DefaultRuleSetSource.render(parsed)
        if ProcessInfo.processInfo.environment["KEYWARDEN_RENDER_DEFAULT_RULES"] == "1" {
            // This build still holds the values rendered before: `make rules` builds again after this.
            try source.write(toFile: Self.sourcePath, atomically: true, encoding: .utf8)
            return
        }
        // Bytes, not `String` equality, which would take two Unicode spellings of a text for one.
        let onDisk = try String(contentsOfFile: Self.sourcePath, encoding: .utf8)
        #expect(Array(onDisk.utf8) == Array(source.utf8), "run `make rules`")
        let compiledIn = try RuleSet.defaults()
        #expect(compiledIn == parsed, "the compiled-in rules differ from rules/*.toml: run `make rules`")
        #expect(Array(DefaultRuleSetSource.render(compiledIn).utf8) == Array(source.utf8))
    }

    /// Built-in rules are confirmed around their keywords when their expressions are long
    /// (`MatcherDatabase.longExpression`): that finds every match only if each match lies within the
    /// rule's `maxLength` of a keyword. Each example's matches, found by PCRE2 alone over the whole
    /// text, must be that close to a keyword, and be found by the fast path too.
    @Test func everyDefaultRuleMatchIsNearAKeywordAndTheFastPathFindsIt() throws {
        let compiled = try CompiledRuleSet(try RuleSet.defaults(), cacheDirectory: nil)
        let matcher = try Matcher(database: compiled.database)
        var checked = 0
        for (patternIndex, ruleIndex) in compiled.patternRules.enumerated() {
            let rule = compiled.ruleSet.rules[ruleIndex]
            let keywords = rule.keywords.map { Array($0.lowercased().utf8) }
            for example in rule.examples {
                let text = Array(try ExampleTemplate(example.template).expand().utf8)
                let (fast, reference) = try text.withUnsafeBytes { (try matcher.scan($0), matcher.referenceScan($0)) }
                let expected = Set(reference.matches.filter { $0.pattern == patternIndex })
                #expect(Set(fast.matches.filter { $0.pattern == patternIndex }) == expected, "\(rule.id): \(example.template)")
                guard !keywords.isEmpty else { continue }
                let lowered = text.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }
                var keywordEnds: [Int] = []
                for keyword in keywords where lowered.count >= keyword.count {
                    for start in 0...(lowered.count - keyword.count) where Array(lowered[start..<(start + keyword.count)]) == keyword {
                        keywordEnds.append(start + keyword.count)
                    }
                }
                for match in expected {
                    let reach = rule.maxLength
                    let near = keywordEnds.contains { end in end - reach <= match.range.lowerBound && match.range.upperBound <= end + reach }
                    #expect(near, "\(rule.id): no keyword within maxLength of the match of \(example.template)")
                    checked += 1
                }
            }
        }
        #expect(checked > 500)
    }

    @Test func renderedLiteralsKeepEveryCharacter() {
        let awkward = "quote \" backslash \\ tab \t carriage return \r nul \u{0} é … \u{7F} #\"raw\"#"
        let literal = DefaultRuleSetSource.literal(awkward)
        #expect(!literal.contains("\r") && !literal.contains("\u{0}"))
        #expect(literal == ##""quote \" backslash \\ tab \t carriage return \r nul \u{0} é … \u{7f} #\"raw\"#""##)
        let lines = "first line\nsecond \"\"\"# \\#(x)\n"
        #expect(DefaultRuleSetSource.literal(lines) == "##\"\"\"\n" + lines + "\n\"\"\"##")
    }
}
