@testable import KeyWarden
import Testing

/// Reading ignore files as editors on every platform write them.
@Suite struct IgnoreFileTests {
    static let first = "runway-api-key:" + String(repeating: "0123456789abcdef", count: 2)
    static let second = "aws-access-token:" + String(repeating: "fedcba9876543210", count: 2)

    /// Windows line ends ("\r\n" is one Character in Swift), tabs and trailing blanks: each line is
    /// its own entry, numbered as an editor numbers it.
    @Test(arguments: ["\n", "\r\n"])
    func eachLineIsAnEntryWhateverItsLineEnd(_ end: String) throws {
        let text = ["# reviewed 2026-12-01", "\t\(Self.first) test fixture  ", "", "\(Self.second) expires=2030-01-01 docs example\t"]
            .joined(separator: end) + end
        let file = try IgnoreFile.parse(text, path: "/repo/.keywardenignore")
        #expect(file.entries.map(\.fingerprint) == [Self.first, Self.second])
        #expect(file.entries.map(\.line) == [2, 4])
        #expect(file.entries.map(\.reason) == ["test fixture", "docs example"])
        #expect(file.entries.last?.expires == "2030-01-01")

        let gitleaks = ["\(Self.first)", "0123456789abcdef0123456789abcdef01234567:src\\app\\config.go:generic-api-key:12", "cmd/x.go:jwt:3 "]
            .joined(separator: end)
        let read = try IgnoreFile.parse(gitleaks, path: "/repo/.gitleaksignore")
        #expect(read.entries.map(\.fingerprint) == [Self.first])
        #expect(read.locations.map(\.path) == ["src/app/config.go", "cmd/x.go"])
        #expect(read.locations.map(\.line) == [12, 3])
        #expect(read.locations.first?.commit == "0123456789abcdef0123456789abcdef01234567")
        #expect(read.unreadLines.isEmpty)
    }
}
