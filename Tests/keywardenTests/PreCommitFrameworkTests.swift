import Foundation
import KeyWarden
import TestSupport
import Testing

/// The real pre-commit framework (from PyPI, installed by `make setup-test`) running keywarden's
/// `.pre-commit-hooks.yaml` in real repositories: `git commit` and `git push` through the hooks it
/// installs.
///
/// The `-system` twins run the keywarden these tests were built with; they share their entries with
/// the `language: swift` hooks, which have the framework build keywarden itself (minutes on two
/// cores), so that build runs only with `KEYWARDEN_TEST_FRAMEWORK_BUILD=1`.
@Suite(.serialized) struct PreCommitFrameworkTests {
    static let framework = ProcessRunner.which("pre-commit")
    static let hookTypes = ["--hook-type", "pre-commit", "--hook-type", "pre-push", "--hook-type", "commit-msg"]

    /// A project using keywarden's hooks through the framework, with a bare remote.
    final class Project: Sendable {
        let repository: RepositoryBuilder
        let remote: RepositoryBuilder
        let hooks: RepositoryBuilder
        let cache: TemporaryDirectory

        init(configuration: (_ hooksPath: String, _ rev: String) -> String) throws {
            hooks = try RepositoryBuilder()
            try hooks.write(".pre-commit-hooks.yaml", try String(contentsOfFile: KeyWardenBinary.packageRoot + "/.pre-commit-hooks.yaml", encoding: .utf8))
            let rev = try hooks.commit("keywarden's hooks")
            repository = try RepositoryBuilder()
            try repository.git(["config", "user.name", "Alice Example"])
            try repository.git(["config", "user.email", "alice@example.com"])
            remote = try RepositoryBuilder(bare: true)
            try repository.git(["remote", "add", "origin", remote.path])
            cache = try TemporaryDirectory("pre-commit-home")
            try repository.write(".pre-commit-config.yaml", configuration(hooks.path, rev))
            let installed = try run(try #require(PreCommitFrameworkTests.framework), ["install"] + PreCommitFrameworkTests.hookTypes)
            #expect(installed.status == 0, "\(installed.standardOutput)\(installed.standardError)")
        }

        /// The framework's cache in the scratch directory; the keywarden under test first on PATH.
        var environment: [String: String] {
            let binaries = (KeyWardenBinary.path as NSString).deletingLastPathComponent
            return [
                "PRE_COMMIT_HOME": cache.path, "HOME": repository.path, "GIT_CONFIG_NOSYSTEM": "1",
                "PATH": binaries + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
            ]
        }

        @discardableResult
        func run(_ executable: String, _ arguments: [String]) throws -> ProcessResult {
            try ProcessRunner.run(executable, arguments, in: repository.path, environment: environment)
        }

        func git(_ arguments: [String]) throws -> ProcessResult { try run(try #require(ProcessRunner.which("git")), arguments) }

        func commit(_ message: String) throws -> ProcessResult {
            _ = try git(["add", "-A"])
            return try git(["commit", "-q", "-m", message])
        }
    }

    /// The configuration of the system twins, from the hooks repository at `rev`.
    static func systemHooks(_ path: String, _ rev: String) -> String {
        """
        repos:
          - repo: \(path)
            rev: \(rev)
            hooks:
              - id: keywarden-system
              - id: keywarden-pre-push-system
              - id: keywarden-commit-msg-system

        """
    }

    static func output(_ result: ProcessResult) -> String { result.standardOutput + result.standardError }

    @Test(.enabled(if: framework != nil, "pre-commit is not installed: run `make setup-test`"))
    func aStagedKeyIsBlockedAndACleanCommitPasses() throws {
        let project = try Project(configuration: Self.systemHooks)
        try project.repository.write("README.md", "frames\n")
        let clean = try project.commit("first")
        #expect(clean.status == 0, "\(Self.output(clean))")
        let key = TestKeys.runway()
        try project.repository.write("deploy/.env.production", "RUNWAYML_API_SECRET=\(key)\n")
        let blocked = try project.commit("add production settings")
        #expect(blocked.status != 0)
        #expect(Self.output(blocked).contains("deploy/.env.production:1:21"), "\(Self.output(blocked))")
        #expect(Self.output(blocked).contains("runway-api-key"))
        #expect(!Self.output(blocked).contains(key))
        #expect(try project.git(["rev-list", "--count", "HEAD"]).standardOutput.hasPrefix("1"))
    }

    @Test(.enabled(if: framework != nil, "pre-commit is not installed: run `make setup-test`"))
    func aKeyInACommitMessageIsBlocked() throws {
        let project = try Project(configuration: Self.systemHooks)
        try project.repository.write("README.md", "frames\n")
        let key = TestKeys.runway()
        let blocked = try project.commit("retry renders\n\ntested with \(key)")
        #expect(blocked.status != 0)
        #expect(Self.output(blocked).contains("runway-api-key"), "\(Self.output(blocked))")
        #expect(!Self.output(blocked).contains(key))
        #expect(try project.commit("retry renders").status == 0)
    }

    /// A push of a branch that is not checked out is scanned (the framework names it in
    /// PRE_COMMIT_TO_REF), as are an update of a pushed branch and a first push of a root commit.
    @Test(.enabled(if: framework != nil, "pre-commit is not installed: run `make setup-test`"))
    func thePrePushHookScansExactlyWhatIsPushed() throws {
        let project = try Project(configuration: Self.systemHooks)
        let key = TestKeys.runway()
        // The first push of a root commit: the framework passes no range, only the branch.
        try project.repository.write("app.env", "RUNWAYML_API_SECRET=\(key)\n")
        _ = try project.git(["add", "-A"])
        #expect(try project.git(["commit", "-q", "--no-verify", "-m", "root with a key"]).status == 0)
        let root = try project.git(["push", "-q", "origin", "main"])
        #expect(root.status != 0, "a root commit with a key was pushed: \(Self.output(root))")
        #expect(Self.output(root).contains("runway-api-key"), "\(Self.output(root))")
        #expect(!Self.output(root).contains(key))

        _ = try project.git(["rm", "-q", "app.env"])
        _ = try project.git(["commit", "-q", "--amend", "--no-verify", "-m", "root"])
        let clean = try project.git(["push", "-q", "origin", "main"])
        #expect(clean.status == 0, "\(Self.output(clean))")

        // A branch that is not checked out, holding a key.
        _ = try project.git(["checkout", "-q", "-b", "spike"])
        try project.repository.write("spike.py", "KEY = '\(key)'\n")
        _ = try project.git(["add", "-A"])
        _ = try project.git(["commit", "-q", "--no-verify", "-m", "spike"])
        _ = try project.git(["checkout", "-q", "main"])
        let branch = try project.git(["push", "-q", "origin", "spike"])
        #expect(branch.status != 0, "a branch that is not checked out went through: \(Self.output(branch))")
        #expect(Self.output(branch).contains("spike.py"), "\(Self.output(branch))")
        #expect(try project.git(["ls-remote", "origin", "spike"]).standardOutput.isEmpty)

        // An update of the pushed branch: only the new commits are scanned; a clean one passes.
        try project.repository.write("README.md", "frames\n")
        _ = try project.commit("readme")
        let update = try project.git(["push", "-q", "origin", "main"])
        #expect(update.status == 0, "\(Self.output(update))")
        try project.repository.write("tools/probe.sh", "curl -H 'Authorization: Bearer \(key)'\n")
        _ = try project.git(["add", "-A"])
        _ = try project.git(["commit", "-q", "--no-verify", "-m", "probe"])
        let leaky = try project.git(["push", "-q", "origin", "main"])
        #expect(leaky.status != 0, "\(Self.output(leaky))")
        #expect(Self.output(leaky).contains("tools/probe.sh"))
    }

    /// The README's snippet names hooks that exist, and a `rev` of this repository's history that
    /// has them. (With KEYWARDEN_TEST_FRAMEWORK_BUILD=1 the test below runs it as printed.)
    @Test func theReadmeSnippetNamesRealHooksAndARealCommit() throws {
        let snippet = try Self.readmeSnippet()
        let hooks = try String(contentsOfFile: KeyWardenBinary.packageRoot + "/.pre-commit-hooks.yaml", encoding: .utf8)
        let ids = Set(hooks.split(separator: "\n").compactMap { line -> String? in
            line.hasPrefix("- id: ") ? String(line.dropFirst(6)) : nil
        })
        #expect(ids == ["keywarden", "keywarden-pre-push", "keywarden-commit-msg", "keywarden-system", "keywarden-pre-push-system", "keywarden-commit-msg-system"])
        let named = snippet.split(separator: "\n").compactMap { line -> String? in
            let text = line.trimmingCharacters(in: .whitespaces)
            return text.hasPrefix("- id: ") ? String(text.dropFirst(6)) : nil
        }
        #expect(named == ["keywarden", "keywarden-pre-push", "keywarden-commit-msg"])
        let rev = try #require(Self.rev(in: snippet))
        #expect(rev.count == 40 && rev.allSatisfy(\.isHexDigit), "pin a commit until the first tag: \(rev)")
        let root = KeyWardenBinary.packageRoot
        guard FileManager.default.fileExists(atPath: root + "/.git") else { return }
        let git = try #require(ProcessRunner.which("git"))
        if try ProcessRunner.run(git, ["-C", root, "rev-parse", "--is-shallow-repository"]).standardOutput.hasPrefix("true") { return }
        let atRev = try ProcessRunner.run(git, ["-C", root, "show", "\(rev):.pre-commit-hooks.yaml"])
        #expect(atRev.status == 0, "the README's rev \(rev) is not a commit of this repository with hooks: \(atRev.standardError)")
        #expect(atRev.standardOutput.contains("entry: keywarden scan --quiet --pushed"), "the README's rev predates the pushed-range hooks")
    }

    /// The README's snippet as printed, only `repo:` pointing at a clone of this repository: the
    /// framework builds keywarden (language: swift) and the hook blocks a staged key with no PATH
    /// set up. Several minutes on two cores.
    @Test(.enabled(if: framework != nil && ProcessInfo.processInfo.environment["KEYWARDEN_TEST_FRAMEWORK_BUILD"] == "1"))
    func theReadmeSnippetBuildsKeywardenAndBlocksAKey() throws {
        let snippet = try Self.readmeSnippet()
        let clone = try TemporaryDirectory("keywarden-clone")
        let git = try #require(ProcessRunner.which("git"))
        #expect(try ProcessRunner.run(git, ["clone", "-q", KeyWardenBinary.packageRoot, clone.path + "/keywarden"]).status == 0)
        let configuration = snippet.replacingOccurrences(of: "https://github.com/keywarden/keywarden", with: clone.path + "/keywarden")
        let project = try Project(configuration: { _, _ in configuration })
        var environment = project.environment
        // The user's own PATH and HOME: SwiftPM finds its caches and package mirrors there.
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"]
        environment["HOME"] = ProcessInfo.processInfo.environment["HOME"]
        let started = Date()
        let built = try ProcessRunner.run(try #require(Self.framework), ["install-hooks"], in: project.repository.path, environment: environment)
        #expect(built.status == 0, "\(Self.output(built))")
        print("pre-commit built keywarden in \(Int(Date().timeIntervalSince(started))) s")
        try project.repository.write("app.env", "RUNWAYML_API_SECRET=\(TestKeys.runway())\n")
        _ = try ProcessRunner.run(git, ["add", "-A"], in: project.repository.path, environment: environment)
        let blocked = try ProcessRunner.run(git, ["commit", "-q", "-m", "leak"], in: project.repository.path, environment: environment)
        #expect(blocked.status != 0)
        #expect(Self.output(blocked).contains("runway-api-key"), "\(Self.output(blocked))")
    }

    /// The YAML between the README's `<!-- pre-commit-config -->` markers.
    static func readmeSnippet() throws -> String {
        let readme = try String(contentsOfFile: KeyWardenBinary.packageRoot + "/README.md", encoding: .utf8)
        let parts = readme.components(separatedBy: "<!-- pre-commit-config -->")
        try #require(parts.count == 3, "README.md marks its pre-commit snippet with two <!-- pre-commit-config --> lines")
        return parts[1].split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("```") }.joined(separator: "\n")
    }

    static func rev(in snippet: String) -> String? {
        for line in snippet.split(separator: "\n") {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("rev: ") { return String(text.dropFirst(5)).trimmingCharacters(in: .whitespaces) }
        }
        return nil
    }
}
