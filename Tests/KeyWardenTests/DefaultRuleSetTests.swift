import Foundation
@testable import KeyWarden
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

    @Test func renderedLiteralsKeepEveryCharacter() {
        let awkward = "quote \" backslash \\ tab \t carriage return \r nul \u{0} é … \u{7F} #\"raw\"#"
        let literal = DefaultRuleSetSource.literal(awkward)
        #expect(!literal.contains("\r") && !literal.contains("\u{0}"))
        #expect(literal == ##""quote \" backslash \\ tab \t carriage return \r nul \u{0} é … \u{7f} #\"raw\"#""##)
        let lines = "first line\nsecond \"\"\"# \\#(x)\n"
        #expect(DefaultRuleSetSource.literal(lines) == "##\"\"\"\n" + lines + "\n\"\"\"##")
    }
}
