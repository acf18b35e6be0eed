import Foundation
import KeyWarden
import TestSupport
import Testing

/// SARIF as GitHub code scanning reads it: every report checked by `scripts/check-sarif-github.py`
/// (GitHub's documented rules and limits) and by the OASIS schema.
@Suite struct CodeScanningTests {
    static func sarif(_ arguments: [String]) throws -> (document: [String: Any], path: String, directory: TemporaryDirectory) {
        let directory = try TemporaryDirectory("sarif")
        let path = directory.path + "/out.sarif"
        let result = try KeyWardenBinary.run(arguments + ["--format", "sarif", "-o", path])
        #expect(result.status == 1, "\(result.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        return (document, path, directory)
    }

    static func accepted(_ path: String) throws {
        let python = try #require(ProcessRunner.which("python3"))
        for script in ["check-sarif-github.py", "validate-sarif.py"] {
            let check = try ProcessRunner.run(python, [KeyWardenBinary.packageRoot + "/scripts/" + script, path])
            #expect(check.status == 0, "\(script): \(check.standardOutput)\(check.standardError)")
        }
    }

    static func run(_ document: [String: Any]) -> [String: Any] { (document["runs"] as? [[String: Any]])?.first ?? [:] }
    static func results(_ document: [String: Any]) -> [[String: Any]] { run(document)["results"] as? [[String: Any]] ?? [] }

    static func region(_ result: [String: Any]) -> [String: Int] {
        let locations = result["locations"] as? [[String: Any]] ?? []
        let physical = locations.first?["physicalLocation"] as? [String: Any] ?? [:]
        return physical["region"] as? [String: Int] ?? [:]
    }

    /// Columns in UTF-16 code units, an end to every region, a line hash, a severity per rule.
    @Test func regionsFingerprintsAndRulesAreWhatGitHubReads() throws {
        let repository = try RepositoryBuilder()
        let key = TestKeys.runway()
        try repository.write("config/ключ.txt", "ключ = \"\(key)\"\n😀 \(key)\n")
        let password = TestKeys.random(16, from: "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        try repository.write("app/settings.py", "db_password = \"\(password)\"\n")
        try repository.commit("keys")
        let (document, path, scratch) = try Self.sarif(["scan", "--history", repository.path])
        defer { withExtendedLifetime(scratch) {} }
        try Self.accepted(path)
        let results = Self.results(document)
        let runway = results.filter { $0["ruleId"] as? String == "runway-api-key" }
        #expect(runway.count == 2)
        let first = try #require(runway.first { Self.region($0)["startLine"] == 1 })
        #expect(Self.region(first) == ["startLine": 1, "startColumn": 9, "endLine": 1, "endColumn": 9 + 132])
        // 😀 is two UTF-16 code units (four bytes): the key starts at unit 4.
        let second = try #require(runway.first { Self.region($0)["startLine"] == 2 })
        #expect(Self.region(second)["startColumn"] == 4)
        let hashes = runway.compactMap { ($0["partialFingerprints"] as? [String: String])?["primaryLocationLineHash"] }
        #expect(hashes.count == 2 && Set(hashes).count == 2)
        #expect(hashes.allSatisfy { $0.range(of: #"^[0-9a-f]{16}:[12]$"#, options: .regularExpression) != nil }, "\(hashes)")
        let rules = ((Self.run(document)["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]] ?? []
        let severities = Dictionary(uniqueKeysWithValues: rules.map {
            ($0["id"] as? String ?? "", ($0["properties"] as? [String: Any])?["security-severity"] as? String ?? "")
        })
        #expect(severities["runway-api-key"] == "9.5")
        #expect(severities["generic-api-key"] == "5.5", "\(severities)")
        let runwayRule = try #require(rules.first { $0["id"] as? String == "runway-api-key" })
        #expect(runwayRule["helpUri"] as? String == "https://github.com/keywarden/keywarden/blob/main/rules/runway.toml")
        #expect(((runwayRule["help"] as? [String: Any])?["markdown"] as? String)?.contains("API Keys tab") == true)
        // The same secret moved down a line keeps its line hash: the alert stays one alert.
        try repository.write("config/ключ.txt", "\n\nключ = \"\(key)\"\n😀 \(key)\n")
        let (moved, _, movedScratch) = try Self.sarif(["scan", repository.path])
        defer { withExtendedLifetime(movedScratch) {} }
        let movedHashes = Set(Self.results(moved).filter { $0["ruleId"] as? String == "runway-api-key" }
            .compactMap { ($0["partialFingerprints"] as? [String: String])?["primaryLocationLineHash"] })
        #expect(movedHashes == Set(hashes))
    }

    /// More than 25,000 places: one result per secret, the other places as related locations (at
    /// most 1,000 a result), and a notification that says so; GitHub accepts the file.
    @Test func aReportOverGitHubsLimitsKeepsOneResultPerSecret() throws {
        let repository = try RepositoryBuilder()
        let (often, once) = (TestKeys.runway(), TestKeys.runway())
        try repository.write("keys.env", String(repeating: "K=\(often)\n", count: 26_000) + "OTHER=\(once)\n")
        let (document, path, scratch) = try Self.sarif(["scan", repository.path])
        defer { withExtendedLifetime(scratch) {} }
        try Self.accepted(path)
        let results = Self.results(document)
        #expect(results.count == 2)
        let folded = try #require(results.first { ($0["relatedLocations"] as? [Any])?.isEmpty == false })
        #expect((folded["relatedLocations"] as? [Any])?.count == 1_000)
        let invocations = Self.run(document)["invocations"] as? [[String: Any]] ?? []
        let notes = invocations.flatMap { $0["toolExecutionNotifications"] as? [[String: Any]] ?? [] }
            .compactMap { ($0["message"] as? [String: Any])?["text"] as? String }
        #expect(notes.contains { $0.contains("one result per secret") && $0.contains("25000 results") }, "\(notes)")
        let limits = (Self.run(document)["properties"] as? [String: Any])?["keywardenLimits"] as? [String: Any]
        #expect(limits?["places"] as? Int == 26_001)
        #expect(limits?["secrets"] as? Int == 2)
        #expect(limits?["placesLeftOut"] as? Int == 26_001 - 2 - 1_000)
    }
}
