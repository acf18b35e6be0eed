import Foundation
import TestSupport
import Testing

/// Nothing inside the change being checked can switch the check off: `ci` and the pre-push hook read
/// the configuration, ignore file and baseline from the trusted side, and report a change that would
/// hide something.
@Suite struct TrustedSideTests {
    /// A repository whose `main` is the trusted base, and the environment of a GitHub pull request
    /// from `base` to `head`.
    struct PullRequest {
        let repository: RepositoryBuilder
        let scratch: TemporaryDirectory
        let base: String

        init() throws {
            repository = try RepositoryBuilder()
            try repository.write("README.md", "# app\n")
            base = try repository.commit("base")
            scratch = try TemporaryDirectory("trusted")
        }

        init(repository: RepositoryBuilder, scratch: TemporaryDirectory, base: String) {
            self.repository = repository
            self.scratch = scratch
            self.base = base
        }

        func environment(head: String) throws -> [String: String] {
            let event = ["pull_request": ["base": ["sha": base], "head": ["sha": head]]]
            let path = scratch.path + "/event.json"
            try JSONSerialization.data(withJSONObject: event).write(to: URL(fileURLWithPath: path))
            return ["GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": path]
        }

        func ci(head: String, _ extra: [String] = []) throws -> (result: ProcessResult, sarif: [String: Any]) {
            let sarif = scratch.path + "/out.sarif"
            try? FileManager.default.removeItem(atPath: sarif)
            let result = try KeyWardenBinary.run(["ci", repository.path, "--sarif", sarif] + extra, environment: try environment(head: head))
            let data = FileManager.default.contents(atPath: sarif) ?? Data()
            return (result, (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:])
        }
    }

    /// The fingerprint keywarden gives `key` as a Runway key.
    static func fingerprint(of key: String) throws -> String {
        let file = try TemporaryDirectory("fingerprint")
        try file.write("k.env", "K=\(key)\n")
        let result = try KeyWardenBinary.run(["scan", file.path, "-f", "json"])
        let document = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        let findings = document?["findings"] as? [[String: Any]] ?? []
        return try #require(findings.first?["fingerprint"] as? String)
    }

    static func results(_ sarif: [String: Any]) -> [[String: Any]] {
        ((sarif["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
    }

    /// Each way a pull request could weaken its own check, written next to the key it adds.
    enum Weakening: String, CaseIterable, CustomTestStringConvertible {
        case defaultsOff, allowlistEverything, disableRunwayRule, tinySizeLimit, ignoreEntry, baselineEntry
        /// A `.gitleaks.toml` stands in where there is no `.keywarden.toml`: gitleaks' file is the whole rule set.
        case gitleaksConfiguration
        /// A `.gitleaksignore` stands in where there is no `.keywardenignore`.
        case gitleaksIgnoreEntry

        var testDescription: String { rawValue }

        func apply(to repository: RepositoryBuilder, key: String) throws {
            let fingerprint = try TrustedSideTests.fingerprint(of: key)
            switch self {
            case .defaultsOff:
                try repository.write(".keywarden.toml", "[extend]\nuseDefault = false\n\n[[rules]]\nid = \"acme-token\"\nregex = '''acme_[0-9a-f]{32}'''\n")
            case .allowlistEverything:
                try repository.write(".keywarden.toml", "[[allowlists]]\ndescription = \"everything\"\npaths = ['''.*''']\n")
            case .disableRunwayRule:
                try repository.write(".keywarden.toml", "[extend]\ndisabledRules = [\"runway-api-key\"]\n")
            case .tinySizeLimit:
                try repository.write(".keywarden.toml", "[scan]\nmaxFileSize = 1\n")
            case .ignoreEntry:
                try repository.write(".keywardenignore", "\(fingerprint) a test key\n")
            case .gitleaksConfiguration:
                try repository.write(".gitleaks.toml", "[[rules]]\nid = \"acme-token\"\nregex = '''acme_[0-9a-f]{32}'''\n")
            case .gitleaksIgnoreEntry:
                try repository.write(".gitleaksignore", "\(fingerprint)\n")
            case .baselineEntry:
                let baseline: [String: Any] = [
                    "version": 1,
                    "entries": [["fingerprint": fingerprint, "rule": "runway-api-key", "secretSha256": "", "path": "app.env"]],
                ]
                try repository.write(".keywarden-baseline.json", String(decoding: try JSONSerialization.data(withJSONObject: baseline), as: UTF8.self))
            }
        }
    }

    @Test(arguments: Weakening.allCases)
    func aPullRequestCannotWeakenItsOwnCheck(_ weakening: Weakening) throws {
        let request = try PullRequest()
        let key = TestKeys.runway()
        try request.repository.write("app.env", "RUNWAY=\(key)\n")
        try weakening.apply(to: request.repository, key: key)
        let head = try request.repository.commit("add a key and hide it")

        let (checked, sarif) = try request.ci(head: head)
        let output = checked.standardOutput + checked.standardError
        #expect(checked.status == 1, "\(output)")
        #expect(output.contains("app.env:1:8"), "\(output)")
        #expect(output.contains("would suppress 1 finding"), "\(output)")
        #expect(!output.contains(key))
        let rules = Self.results(sarif).compactMap { $0["ruleId"] as? String }
        #expect(rules.contains("keywarden/suppressing-change"), "\(rules)")
        #expect(rules.contains("runway-api-key"), "\(rules)")

        // Accepted on purpose: the change's own files apply, and the report still says what they hide.
        let (trusted, _) = try request.ci(head: head, ["--trust-changed-config"])
        let accepted = trusted.standardOutput + trusted.standardError
        #expect(accepted.contains("this change suppresses 1 finding"), "\(accepted)")
        #expect(!accepted.contains("app.env:1:8  ("), "\(accepted)")
    }

    @Test func theTrustedSidesIgnoreFileAndBaselineStillApply() throws {
        let request = try PullRequest()
        let fixture = TestKeys.runway()
        try request.repository.write("fixtures/old.env", "K=\(fixture)\n")
        try request.repository.write(".keywardenignore", "\(try Self.fingerprint(of: fixture)) a disabled test key\n")
        let base = try request.repository.commit("a known fixture, ignored on main")
        let trustedRequest = PullRequest(repository: request.repository, scratch: request.scratch, base: base)
        try request.repository.write("fixtures/copy.env", "K=\(fixture)\n")
        let head = try request.repository.commit("copy the fixture")

        let (result, _) = try trustedRequest.ci(head: head)
        let output = result.standardOutput
        #expect(result.status == 0, "\(output)\(result.standardError)")
        #expect(output.contains("1 known finding suppressed"), "\(output)")
        #expect(output.contains("ignore file: .keywardenignore at \(base.prefix(12)) (1 entry)"), "\(output)")
        #expect(!output.contains("would suppress"))
    }

    @Test func rulesTheChangeAddsRunAsWell() throws {
        let request = try PullRequest()
        let token = "acme_" + TestKeys.random(32)
        try request.repository.write(".keywarden.toml", "[[rules]]\nid = \"acme-token\"\ndescription = \"Acme token\"\nregex = '''acme_[0-9a-f]{32}'''\n")
        try request.repository.write("acme.py", "TOKEN = '\(token)'\n")
        let head = try request.repository.commit("a new rule and a token it finds")
        let (result, _) = try request.ci(head: head)
        #expect(result.status == 1, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.contains("acme.py:1"), "\(result.standardOutput)")
        #expect(!result.standardOutput.contains("would suppress"))
    }

    @Test func anInlineAllowIsASuppressedResultNotSilence() throws {
        let request = try PullRequest()
        try request.repository.write("app.py", "KEY = '\(TestKeys.runway())'  # keywarden:allow\n")
        let head = try request.repository.commit("an allowed key")
        let (result, sarif) = try request.ci(head: head)
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.contains("1 allowed inline"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("allowed inline (keywarden:allow on its line): runway-api-key at app.py:1"))
        let suppressed = Self.results(sarif).filter { $0["suppressions"] != nil }
        #expect(suppressed.count == 1)
        let kinds = (suppressed.first?["suppressions"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }
        #expect(kinds == ["inSource"])

        let json = try KeyWardenBinary.run(["scan", "--range", "\(request.base)..\(head)", request.repository.path, "-f", "json"])
        let document = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        #expect((document?["stats"] as? [String: Any])?["inlineAllowed"] as? Int == 1)
        #expect((document?["inlineAllowed"] as? [[String: Any]])?.count == 1)
    }

    @Test func aShallowCloneWithoutTheBaseUsesTheBuiltInRules() throws {
        let request = try PullRequest()
        let key = TestKeys.runway()
        try request.repository.write("app.env", "RUNWAY=\(key)\n")
        try Weakening.ignoreEntry.apply(to: request.repository, key: key)
        let head = try request.repository.commit("key and its ignore line")
        let clone = try TemporaryDirectory("shallow")
        let git = ProcessRunner.which("git")!
        try ProcessRunner.run(git, ["clone", "-q", "--depth", "1", "file://" + request.repository.path, clone.path + "/r"])
        let sarif = clone.path + "/o.sarif"
        let result = try KeyWardenBinary.run(["ci", clone.path + "/r", "--sarif", sarif], environment: try request.environment(head: head))
        #expect(result.status == 1, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.contains("no trusted side"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("app.env:1:8"))
    }

    @Test func noActiveRuleIsAnErrorNotACleanResult() throws {
        let repository = try RepositoryBuilder()
        try repository.write(".keywarden.toml", "[extend]\nuseDefault = false\n")
        try repository.write("app.env", "K=\(TestKeys.runway())\n")
        try repository.commit("no rules at all")
        let result = try KeyWardenBinary.run(["scan", repository.path])
        #expect(result.status == 2, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardError.contains("no rule is active"))
        let empty = try TemporaryDirectory("empty-config")
        try empty.write("empty.toml", "")
        let json = try KeyWardenBinary.run(["scan", repository.path, "-c", empty.path + "/empty.toml", "-f", "json"])
        #expect(json.status == 1)
        let document = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        let policy = document?["policy"] as? [String: Any]
        #expect(policy?["rules"] as? Int ?? 0 > 40, "\(json.standardOutput)")
    }

    @Test func thePrePushHookReadsTheRemotesSide() throws {
        let remote = try RepositoryBuilder(bare: true)
        let repository = try RepositoryBuilder()
        try repository.git(["remote", "add", "origin", remote.path])
        try repository.write("README.md", "# app\n")
        try repository.commit("base")
        #expect(try KeyWardenBinary.run(["hook", "install", "--pre-push", repository.path]).status == 0)
        let git = ProcessRunner.which("git")!
        func push(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
            try ProcessRunner.run(git, ["push", "-q"] + arguments, in: repository.path, environment: environment)
        }
        #expect(try push(["origin", "main"]).status == 0)
        let key = TestKeys.runway()
        try repository.write("app.env", "RUNWAY=\(key)\n")
        try Weakening.ignoreEntry.apply(to: repository, key: key)
        try repository.commit("key and its ignore line")
        let blocked = try push(["origin", "main"])
        #expect(blocked.status != 0)
        #expect((blocked.standardOutput + blocked.standardError).contains("would suppress 1 finding"), "\(blocked.standardError)")
        // A new branch is checked against the remote's default branch.
        try repository.git(["checkout", "-q", "-b", "feature"])
        #expect(try push(["origin", "feature"]).status != 0)
        #expect(try push(["origin", "feature"], environment: ["KEYWARDEN_TRUST_CHANGED_CONFIG": "1"]).status == 0)
    }
}
