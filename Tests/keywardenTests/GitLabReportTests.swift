import Foundation
import TestSupport
import Testing

/// `--format gitlab`: GitLab's secret-detection report, one vulnerability per finding, secrets
/// redacted, checked against GitLab's published schema when `make setup-test` could download it.
@Suite struct GitLabReportTests {
    static let schema = FileManager.default.homeDirectoryForCurrentUser.path
        + "/.cache/keywarden/schemas/gitlab-secret-detection-15.2.1.json"

    static func report(_ repository: RepositoryBuilder, _ arguments: [String]) throws -> (ProcessResult, String) {
        let output = repository.path + "/../gl-\(UUID().uuidString).json"
        let result = try KeyWardenBinary.run(["scan"] + arguments + [repository.path, "--format", "gitlab", "-o", output])
        return (result, output)
    }

    static func repositoryWithKeys() throws -> (RepositoryBuilder, [String]) {
        let repository = try RepositoryBuilder()
        let keys = [TestKeys.runway(), TestKeys.runway()]
        try repository.write("deploy/.env", "RUNWAYML_API_SECRET=\(keys[0])\n")
        try repository.write("notes.txt", "ключ = \"\(keys[1])\"\n")
        try repository.commit("settings")
        return (repository, keys)
    }

    @Test func oneVulnerabilityPerFindingRedactedWithItsCommit() throws {
        let (repository, keys) = try Self.repositoryWithKeys()
        let (result, output) = try Self.report(repository, ["--history", "--no-cache"])
        #expect(result.status == 1, "\(result.standardError)")
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(!keys.contains { text.contains($0) }, "a secret in the GitLab report")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(document["version"] as? String == "15.2.1")
        let scan = try #require(document["scan"] as? [String: Any])
        #expect(scan["type"] as? String == "secret_detection" && scan["status"] as? String == "success")
        let vulnerabilities = try #require(document["vulnerabilities"] as? [[String: Any]])
        #expect(vulnerabilities.count == 2)
        let head = try repository.git(["rev-parse", "HEAD"])
        for vulnerability in vulnerabilities {
            let location = try #require(vulnerability["location"] as? [String: Any])
            #expect((location["commit"] as? [String: Any])?["sha"] as? String == head)
            #expect(location["start_line"] as? Int == 1)
            #expect(vulnerability["severity"] as? String == "Critical")
            #expect((vulnerability["identifiers"] as? [[String: Any]])?.first?["value"] as? String == "runway-api-key")
        }
        #expect(Set(vulnerabilities.compactMap { ($0["location"] as? [String: Any])?["file"] as? String }) == ["deploy/.env", "notes.txt"])
        #expect(Set(vulnerabilities.compactMap { $0["id"] as? String }).count == 2)
        // The same scan gives the same ids; the working tree's findings name no commit.
        let (_, again) = try Self.report(repository, ["--history", "--no-cache"])
        let ids = { (path: String) throws -> Set<String> in
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
            return Set((object?["vulnerabilities"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
        }
        #expect(try ids(output) == ids(again))
        let (_, worktree) = try Self.report(repository, [])
        let plain = try String(contentsOfFile: worktree, encoding: .utf8)
        #expect(plain.contains("\"sha\" : \"0000000\""))
        // --no-redact puts the secret where GitLab's analyzer does.
        let (_, revealed) = try Self.report(repository, ["--no-redact"])
        #expect(try String(contentsOfFile: revealed, encoding: .utf8).contains("\"raw_source_code_extract\" : \"\(keys[0])\""))
    }

    @Test func aScanThatCouldNotReadEverythingIsAFailureWithAMessage() throws {
        let repository = try RepositoryBuilder()
        try repository.write("a.txt", "a\n")
        try repository.commit("a")
        let scratch = try TemporaryDirectory("gl-bomb")
        let made = try ProcessRunner.run(
            try #require(ProcessRunner.which("python3")), [KeyWardenBinary.packageRoot + "/Tests/Fixtures/make-archives.py", scratch.path, "--bomb"])
        #expect(made.status == 0)
        let result = try KeyWardenBinary.run(["scan", scratch.path, "--format", "gitlab"])
        #expect(result.status == 2)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let scan = try #require(document["scan"] as? [String: Any])
        #expect(scan["status"] as? String == "failure")
        let messages = scan["messages"] as? [[String: Any]] ?? []
        #expect(messages.contains { $0["level"] as? String == "warn" && ($0["value"] as? String ?? "").contains("42.zip") }, "\(messages)")
    }

    @Test func ciWritesTheGitLabReportOfWhatAPushAdds() throws {
        let repository = try RepositoryBuilder()
        try repository.write("old.env", "RUNWAYML_API_SECRET=\(TestKeys.runway())\n")
        try repository.commit("an old key, already pushed")
        let before = try repository.git(["rev-parse", "HEAD"])
        let key = TestKeys.runway()
        try repository.write("config/new.env", "RUNWAYML_API_SECRET=\(key)\n")
        try repository.commit("a new key")
        let after = try repository.git(["rev-parse", "HEAD"])
        let scratch = try TemporaryDirectory("gl-ci")
        let report = scratch.path + "/gl-secret-detection-report.json"
        let result = try KeyWardenBinary.run(
            ["ci", repository.path, "--sarif", scratch.path + "/k.sarif", "--gitlab-report", report],
            environment: [
                "GITHUB_ACTIONS": "", "GITLAB_CI": "true", "CI_COMMIT_SHA": after, "CI_COMMIT_BEFORE_SHA": before,
                "CI_MERGE_REQUEST_DIFF_BASE_SHA": "",
            ])
        #expect(result.status == 1, "\(result.standardError)")
        #expect(result.standardOutput.contains("GitLab secret-detection report written to \(report)"))
        let text = try String(contentsOfFile: report, encoding: .utf8)
        #expect(!text.contains(key))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let vulnerabilities = try #require(document["vulnerabilities"] as? [[String: Any]])
        let locations = vulnerabilities.compactMap { $0["location"] as? [String: Any] }
        #expect(locations.map { $0["file"] as? String } == ["config/new.env"], "only what the push adds")
        #expect((locations.first?["commit"] as? [String: Any])?["sha"] as? String == after)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: schema), "GitLab's schema was not downloaded: run `make setup-test`"))
    func theReportValidatesAgainstGitLabsPublishedSchema() throws {
        let python = try #require(ProcessRunner.which("python3"))
        let (repository, _) = try Self.repositoryWithKeys()
        for arguments in [["--history", "--no-cache"], [], ["--no-redact"]] {
            let (_, output) = try Self.report(repository, arguments)
            let check = try ProcessRunner.run(python, [KeyWardenBinary.packageRoot + "/scripts/validate-gitlab-report.py", output])
            #expect(check.status == 0, "\(arguments): \(check.standardOutput)\(check.standardError)")
        }
    }
}
