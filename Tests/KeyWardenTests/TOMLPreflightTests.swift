import Testing

@testable import KeyWarden

/// The inputs that abort TOMLKit's parser are refused with a line and a message; valid TOML that
/// merely looks like them (brackets in strings, comments, multi-line arrays) passes untouched.
@Suite struct TOMLPreflightTests {
    @Test func inputsThatAbortTheParserAreRefused() {
        let refused: [(String, Int)] = [
            ("[ = 1\n", 1), ("[[=", 1), ("[[[1]]]\n", 1), ("a = 1\n\n[ .b]\n", 3), ("s=['',}", 1), ("s=[[}]", 1),
            ("x = { a = [1, 2} }\n", 1),
        ]
        for (text, line) in refused {
            #expect(TOMLPreflight.problem(in: text)?.line == line, "\(text.debugDescription)")
            #expect(throws: TOMLText.SyntaxError.self) { try TOMLText.parse(text) }
        }
    }

    @Test func validTOMLThatLooksLikeThemIsLeftToTheParser() throws {
        let valid = """
            # [ = comment ]
            title = "[ not a header"
            regex = '''
            [^a-z]{3}
            [ = also inside the string
            '''
            escaped = "quote \\" then [ = 1"
            basic = \"""
            [[=
            \"""
            paths = [
              '''^test/''',  # a comment with }
              "b",
            ]
            table = { a = [1, 2], b = { c = "}" } }

            [[rules]]
            id = "x"

            [ "quoted key" ]
            [ 'literal' . bare ]
            """
        #expect(TOMLPreflight.problem(in: valid) == nil)
        _ = try TOMLText.parse(valid)
    }
}
