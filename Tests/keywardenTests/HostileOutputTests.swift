import Foundation
import TestSupport
import Testing

/// What a scanned repository holds is quoted in reports, never obeyed: no escape sequence reaches a
/// terminal, no Markdown breaks out of its place, no CSV cell is a formula.
@Suite struct HostileOutputTests {
    static let escape = "\u{1B}]0;pwned\u{07}\u{1B}[2J"

    static func repository() throws -> RepositoryBuilder {
        let repository = try RepositoryBuilder()
        try repository.write("a\(escape)b|c`d/app.env", "K=\(TestKeys.runway())\n")
        try repository.write("\tformula.env", "K=\(TestKeys.runway())\n")
        try repository.commit("hostile names", author: .init("Mallory \(escape)", "m\(escape)@example.com"))
        return repository
    }

    @Test func noControlCharacterReachesTextOutput() throws {
        let repository = try Self.repository()
        let scratch = try TemporaryDirectory("hostile")
        let environment = ["XDG_CACHE_HOME": scratch.path + "/cache", "KEYWARDEN_INVENTORY": scratch.path + "/inventory.toml"]
        for command in [["scan", repository.path], ["scan", "--history", repository.path], ["audit", repository.path]] {
            let result = try KeyWardenBinary.run(command, environment: environment)
            #expect(result.status == 1, "\(command): \(result.standardError)")
            let output = result.standardOutput + result.standardError
            #expect(!output.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(command) passed an escape through")
            #expect(output.contains("a\\x1b]0;pwned\\x07\\x1b[2Jb"), "\(command): \(output)")
        }
    }

    @Test func markdownEscapesWhatItQuotes() throws {
        let repository = try Self.repository()
        let scratch = try TemporaryDirectory("hostile-md")
        let result = try KeyWardenBinary.run(
            ["audit", repository.path, "--format", "markdown"],
            environment: ["XDG_CACHE_HOME": scratch.path + "/cache", "KEYWARDEN_INVENTORY": scratch.path + "/inventory.toml"])
        #expect(result.status == 1, "\(result.standardError)")
        let markdown = result.standardOutput
        #expect(!markdown.unicodeScalars.contains { $0.value == 0x1B })
        // The path is a code span fenced longer than the backtick inside it, its pipe escaped.
        #expect(markdown.contains("``a\\x1b]0;pwned\\x07\\x1b[2Jb\\|c`d/app.env:1``"), "\(markdown)")
        // Every table row still has as many cells as the header that heads it.
        func cellBorders(_ row: Substring) -> Int {
            let characters = Array(row)
            return characters.indices.filter { characters[$0] == "|" && ($0 == 0 || characters[$0 - 1] != "\\") }.count
        }
        var headerBorders: Int?
        var rowsChecked = 0
        for row in markdown.split(separator: "\n") where row.hasPrefix("| ") {
            if row.hasPrefix("| #") {
                headerBorders = cellBorders(row)
                continue
            }
            let expected = try #require(headerBorders, "a table row before any header: \(row)")
            #expect(cellBorders(row) == expected, "\(row)")
            rowsChecked += 1
        }
        #expect(rowsChecked >= 2, "\(markdown)")
    }

    @Test func csvNeutralisesALeadingTab() throws {
        let repository = try Self.repository()
        let result = try KeyWardenBinary.run(["scan", repository.path, "--format", "csv"])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains(",'\tformula.env,") || result.standardOutput.contains("\n'\tformula.env,"), "\(result.standardOutput)")
        #expect(!result.standardOutput.contains(",\tformula.env"))
    }

    @Test func inventoryListQuotesWhatTheFileHolds() throws {
        let scratch = try TemporaryDirectory("hostile-inventory")
        let environment = ["KEYWARDEN_INVENTORY": scratch.path + "/inventory.toml", "THE_KEY": TestKeys.runway()]
        let added = try KeyWardenBinary.run(
            ["inventory", "add", "--from-env", "THE_KEY", "--env", "production", "--owner", "ops\(Self.escape)"], environment: environment)
        #expect(added.status == 0, "\(added.standardError)")
        let listed = try KeyWardenBinary.run(["inventory", "list"], environment: environment)
        #expect(listed.status == 0)
        for output in [added.standardOutput, listed.standardOutput] {
            #expect(!output.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(output)")
            #expect(output.contains("ops\\x1b]0;pwned"), "\(output)")
        }
    }
}
