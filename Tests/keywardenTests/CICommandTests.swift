import Foundation
import TestSupport
import Testing

/// `keywarden ci` in the environment of a GitHub Actions push, a new branch, and without CI.
@Suite struct CICommandTests {
    static func event(_ object: [String: Any], in directory: TemporaryDirectory) throws -> String {
        let path = directory.path + "/event.json"
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func githubPushScansOnlyThePushedRangeAndWritesSarif() throws {
        let repository = try RepositoryBuilder()
        try repository.write("old.env", "K=\(TestKeys.runway())\n")
        let before = try repository.commit("old key, already known")
        try repository.write("app.py", "print('hi')\n")
        let clean = try repository.commit("clean change")
        let scratch = try TemporaryDirectory("ci")
        var environment = [
            "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push",
            "GITHUB_EVENT_PATH": try Self.event(["before": before, "after": clean], in: scratch),
        ]
        let sarif = scratch.path + "/out.sarif"
        let quiet = try KeyWardenBinary.run(["ci", repository.path, "--sarif", sarif], environment: environment)
        #expect(quiet.status == 0, "\(quiet.standardOutput)\(quiet.standardError)")
        #expect(quiet.standardOutput.contains("GitHub push"))
        #expect(FileManager.default.fileExists(atPath: sarif))

        try repository.write("new.env", "K=\(TestKeys.runway())\n")
        let leak = try repository.commit("new key")
        environment["GITHUB_EVENT_PATH"] = try Self.event(["before": clean, "after": leak], in: scratch)
        let found = try KeyWardenBinary.run(["ci", repository.path, "--sarif", sarif], environment: environment)
        #expect(found.status == 1)
        #expect(found.standardOutput.contains("new.env"))
        #expect(!found.standardOutput.contains("old.env"))
        #expect(try String(contentsOfFile: sarif, encoding: .utf8).contains("new.env"))
    }

    @Test func githubNewBranchScansWhatNoOtherRemoteBranchHas() throws {
        let origin = try RepositoryBuilder()
        try origin.write("old.env", "K=\(TestKeys.runway())\n")
        try origin.commit("main with an old key")
        let clone = try TemporaryDirectory("ci-clone")
        try ProcessRunner.run(ProcessRunner.which("git")!, ["clone", "-q", origin.path, clone.path + "/r"])
        let path = clone.path + "/r"
        let git = ProcessRunner.which("git")!
        try ProcessRunner.run(git, ["checkout", "-q", "-b", "feature"], in: path)
        try TemporaryDirectory.writeFile(path + "/feature.py", "token = \"\(TestKeys.runway())\"\n")
        try ProcessRunner.run(git, ["add", "-A"], in: path)
        try ProcessRunner.run(git, ["-c", "user.name=Bob", "-c", "user.email=bob@example.com", "commit", "-q", "-m", "feature"], in: path)
        let tip = try ProcessRunner.run(git, ["rev-parse", "HEAD"], in: path).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        let scratch = try TemporaryDirectory("ci-event")
        let environment = [
            "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push",
            "GITHUB_EVENT_PATH": try Self.event(["before": String(repeating: "0", count: 40), "after": tip], in: scratch),
        ]
        let result = try KeyWardenBinary.run(["ci", path, "--sarif", scratch.path + "/o.sarif"], environment: environment)
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("feature.py"))
        #expect(!result.standardOutput.contains("old.env"))
        #expect(result.standardOutput.contains("new branch"))
    }

    @Test func withoutCIItScansTheWholeHistoryAndABaselineKeepsOnlyNewFindings() throws {
        let repository = try RepositoryBuilder()
        try repository.write("old.env", "K=\(TestKeys.runway())\n")
        try repository.commit("old")
        let scratch = try TemporaryDirectory("ci-baseline")
        let clearCI = ["GITHUB_ACTIONS": "", "GITLAB_CI": ""]
        let full = try KeyWardenBinary.run(["ci", repository.path, "--sarif", scratch.path + "/a.sarif"], environment: clearCI)
        #expect(full.status == 1)
        #expect(full.standardOutput.contains("full history"))
        let baseline = scratch.path + "/baseline.json"
        #expect(try KeyWardenBinary.run(["baseline", "create", "--history", repository.path, "-o", baseline]).status == 0)
        let text = try String(contentsOfFile: baseline, encoding: .utf8)
        #expect(text.contains("runway-api-key:") && !text.contains("key_"))
        let mode = try FileManager.default.attributesOfItem(atPath: baseline)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let known = try KeyWardenBinary.run(["ci", repository.path, "--sarif", scratch.path + "/b.sarif", "--baseline", baseline], environment: clearCI)
        #expect(known.status == 0, "\(known.standardOutput)")
        try repository.git(["rm", "-q", "old.env"])
        try repository.commit("remove")
        try repository.write("new.env", "K=\(TestKeys.runway())\n")
        try repository.commit("new")
        let fresh = try KeyWardenBinary.run(["scan", "--history", repository.path, "--baseline", baseline])
        #expect(fresh.status == 1)
        #expect(fresh.standardOutput.contains("new.env") && !fresh.standardOutput.contains("old.env:"))
    }

    @Test func ignoreFileSuppressesUntilItsEntryExpires() throws {
        let repository = try RepositoryBuilder()
        try repository.write("fixture.env", "K=\(TestKeys.runway())\n")
        try repository.commit("fixture")
        let json = try KeyWardenBinary.run(["scan", repository.path, "--format", "json"])
        let findings = (try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])?["findings"] as? [[String: Any]]
        let fingerprint = try #require(findings?.first?["fingerprint"] as? String)
        try repository.write(".keywardenignore", "# test fixtures\n\(fingerprint) expires=2999-01-01 disabled test key\n")
        #expect(try KeyWardenBinary.run(["scan", repository.path]).status == 0)
        try repository.write(".keywardenignore", "\(fingerprint) expires=2000-01-01 disabled test key\n")
        let expired = try KeyWardenBinary.run(["scan", repository.path])
        #expect(expired.status == 1)
        #expect(expired.standardOutput.contains("expired on 2000-01-01"))
        try repository.write(".keywardenignore", "\(fingerprint)\n")
        #expect(try KeyWardenBinary.run(["scan", repository.path]).status == 2)
    }
}
