import Foundation
import TestSupport
import Testing

@testable import KeyWarden

/// TOML reaches TOMLKit only when it is well-formed TOML 1.0: invalid text is refused with its line
/// (the inputs that abort TOMLKit's parser among them), and every construct of the language passes
/// the check and parses.
@Suite struct TOMLSyntaxCheckTests {
    @Test func inputsThatAbortTheParserAreRefused() {
        let refused: [(String, Int)] = [
            ("[ = 1\n", 1), ("[[=", 1), ("[[[1]]]\n", 1), ("a = 1\n\n[ .b]\n", 3), ("s=['',}", 1), ("s=[[}]", 1),
            ("x = { a = [1, 2} }\n", 1),
        ]
        for (text, line) in refused {
            #expect(TOMLSyntaxCheck.problem(in: text)?.line == line, "\(text.debugDescription)")
            #expect(throws: TOMLText.SyntaxError.self) { try TOMLText.parse(text) }
        }
    }

    @Test func invalidTOMLIsRefusedWithItsLine() {
        let refused: [(String, Int)] = [
            // keys and tables
            ("= 1", 1), ("a b = 1", 1), ("a. = 1", 1), ("a = 1 b = 2", 1), ("[a\n", 1), ("[[a]\n", 1), ("[[a] ]", 1),
            ("[a]b = 1", 1), ("\n\n\"a\nb\" = 1", 3), ("a.'b\nc' = 1", 1), ("ä = 1", 1), ("a", 1), ("a =", 1),
            ("a = # no value", 1), ("[]", 1), ("[a.]", 1), ("\"\"\"a\"\"\" = 1", 1),
            // strings
            ("a = \"open", 1), ("a = 'open\n'", 1), ("a = \"\\q\"", 1), ("a = \"\\u12\"", 1), ("a = \"\\uD800\"", 1),
            ("a = \"\\U00110000\"", 1), ("a = \"\\x41\"", 1), ("a = \"tab\u{1}\"", 1), ("a = \"\"\"\nnever closed\n", 3),
            ("a = '''x''''''", 1), ("a = \"\"\"x\"\"\"\"\"\"", 1), ("a = \"\"\"\n\\ x\n\"\"\"", 2),
            // numbers, booleans, dates
            ("a = 01", 1), ("a = 1__0", 1), ("a = _1", 1), ("a = 1_", 1), ("a = 0x", 1), ("a = 0xg", 1), ("a = +0x1", 1),
            ("a = 0o8", 1), ("a = 0b2", 1), ("a = 1.", 1), ("a = .5", 1), ("a = 1.e5", 1), ("a = 1e", 1), ("a = 1e_5", 1),
            ("a = 03.14", 1), ("a = infinity", 1), ("a = True", 1), ("a = yes", 1), ("a = bare", 1),
            ("a = 1979-13-01", 1), ("a = 1979-02-30", 1), ("a = 1900-02-29", 1), ("a = 1979-05-27T25:00:00", 1),
            ("a = 1979-05-27T07:32", 1), ("a = 07:60:00", 1), ("a = 1979-05-27T07:32:00.", 1),
            ("a = 1979-05-27T07:32:00+7:00", 1), ("a = 1979-05-27T07:32:00Zx", 1), ("a = 1979-5-27", 1),
            // arrays and inline tables
            ("a = [1 2]", 1), ("a = [1,,2]", 1), ("a = [,]", 1), ("a = [\n1,\n", 3), ("a = { b = 1, }", 1),
            ("a = { b = 1\n}", 1), ("a = { b }", 1), ("a = {", 1),
            (String(repeating: "a = [", count: 1) + String(repeating: "[", count: 80) + String(repeating: "]", count: 81), 1),
            // line ends, comments, control characters
            ("a = 1\rb = 2", 1), ("# bell \u{7}\n", 1), ("a = 1 # del \u{7F}", 1), ("a = 1\n\u{0}", 2),
        ]
        for (text, line) in refused {
            let problem = TOMLSyntaxCheck.problem(in: text)
            #expect(problem?.line == line, "\(text.debugDescription): \(String(describing: problem))")
        }
    }

    @Test func everyConstructOfTOMLPassesAndParses() throws {
        let valid = """
            \u{FEFF}# [ = a comment ]
            title = "[ not a header"
            bare-key_1 = 1
            1234 = "a bare key of digits"
            "quoted key" = 'literal \\ no escapes'
            'literal key' = ""
            dotted . "quoted" . key = true
            escapes = "\\b\\t\\n\\f\\r\\"\\\\ \\u00E9 \\U0001F600 é"
            regex = '''
            [^a-z]{3}
            [ = also inside the string
            '''
            basic = \"""
            [[=
            line \\
                 joined ""quotes"" ""\"""
            literal-string = ''''quotes' inside'''''
            integers = [+99, 42, 0, -17, 1_000, 0xDEAD_beef, 0o755, 0b1101]
            floats = [+1.0, 3.1415, -0.01, 5e+22, 1e06, -2E-2, 6.626e-34, 224_617.445_991, inf, +inf, -nan]
            dates = [1979-05-27T07:32:00Z, 1979-05-27T00:32:00.999999-07:00, 1979-05-27 07:32:00, 2000-02-29, 07:32:00.5, 1979-05-27t07:32:00z]
            booleans = [ true, false ]
            paths = [
              '''^test/''',  # a comment with }
              "b",   # trailing comma next
            ]
            nested = [ [ 1, 2 ], ["a", 'b'], [ { x = 1 } ] ]
            table = { a = [1, 2], b = { c = "}" }, d.e = 1 }
            empty = {}
            crlf = 1\r
            tabs\t=\t"x"\t# tab in a comment\t

            [[rules]]
            id = "x"

            [ "quoted header" ]
            [ 'literal' . bare ]
            [a.b.c]
            [[ fruits . list ]]
            """
        #expect(TOMLSyntaxCheck.problem(in: valid) == nil, "\(String(describing: TOMLSyntaxCheck.problem(in: valid)))")
        let table = try TOMLText.parse(valid)
        #expect(table["floats"]?.array?.count == 11)
        #expect(table["dates"]?.array?.count == 6)
        #expect(TOMLSyntaxCheck.problem(in: "") == nil)
        #expect(TOMLSyntaxCheck.problem(in: "a = 1") == nil)
    }

    @Test func theShippedRuleFilesPass() throws {
        let root = KeyWardenBinary.packageRoot
        let ruleFiles = try FileManager.default.contentsOfDirectory(atPath: root + "/rules").filter { $0.hasSuffix(".toml") }
        #expect(!ruleFiles.isEmpty)
        for name in ruleFiles {
            let text = try String(contentsOfFile: root + "/rules/" + name, encoding: .utf8)
            #expect(TOMLSyntaxCheck.problem(in: text) == nil, "rules/\(name)")
        }
    }

    @Test func messagesNeverQuoteTheText() {
        let secret = "key_" + String(repeating: "ab12", count: 32)
        for text in ["token = \(secret)", "\(secret)", "[\(secret)", "a = \"\(secret)\u{1}\"", "a = [\(secret)]"] {
            let problem = TOMLSyntaxCheck.problem(in: text)
            #expect(problem != nil, "\(text.prefix(12))")
            #expect(problem.map { !$0.message.contains("ab12") } ?? false)
        }
    }
}
