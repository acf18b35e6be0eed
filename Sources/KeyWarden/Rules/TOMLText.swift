import TOMLKit

/// The one way keywarden parses TOML (rule files, configuration, the inventory): a strict check of TOML 1.0
/// syntax first, then TOMLKit, with every failure turned into a line and a message.
enum TOMLText {
    struct SyntaxError: Error {
        var line: Int?
        var message: String
    }

    static func parse(_ text: String) throws(SyntaxError) -> TOMLTable {
        if let problem = TOMLSyntaxCheck.problem(in: text) {
            throw SyntaxError(line: problem.line, message: "TOML syntax error: \(problem.message)")
        }
        do {
            return try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw SyntaxError(line: error.source.begin.line, message: "TOML syntax error: \(error.description)")
        } catch {
            throw SyntaxError(line: nil, message: "TOML syntax error: \(error)")
        }
    }
}
