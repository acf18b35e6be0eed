import Foundation
import KeyWarden
import TestSupport
import Testing

/// Real repositories, real `git commit` and `git push` through the installed hooks.
@Suite struct HookTests {
    static func repository() throws -> RepositoryBuilder {
        let repository = try RepositoryBuilder()
        try repository.git(["config", "user.name", "Alice Example"])
        try repository.git(["config", "user.email", "alice@example.com"])
        return repository
    }

    static func commit(_ repository: RepositoryBuilder, _ message: String) throws -> ProcessResult {
        try ProcessRunner.run(
            ProcessRunner.which("git")!, ["commit", "-q", "-m", message], in: repository.path,
            environment: ["HOME": repository.path])
    }

    @Test func embeddedHooksMatchTheHookFiles() throws {
        for name in ["pre-commit", "pre-push"] {
            let onDisk = try String(contentsOfFile: KeyWardenBinary.packageRoot + "/hooks/" + name, encoding: .utf8)
            #expect(HookScripts.text(of: name) == onDisk, "run `make rules` after editing hooks/\(name)")
        }
    }

    @Test func preCommitBlocksAKeyAndPassesCleanCommitsSilentlyFromAnUnbornHead() throws {
        let repository = try Self.repository()
        #expect(try KeyWardenBinary.run(["hook", "install", "--pre-commit", repository.path]).status == 0)
        try repository.write("README.md", "hello\n")
        try repository.git(["add", "README.md"])
        let clean = try Self.commit(repository, "first")
        #expect(clean.status == 0, "\(clean.standardError)")
        #expect(clean.standardOutput.isEmpty && !clean.standardError.contains("secret"))
        let key = TestKeys.runway()
        try repository.write("config/.env.production", "RUNWAYML_API_SECRET=\(key)\n")
        try repository.git(["add", "-A"])
        let blocked = try Self.commit(repository, "leak")
        #expect(blocked.status != 0)
        let message = blocked.standardOutput + blocked.standardError
        #expect(message.contains("config/.env.production:1:21"))
        #expect(message.contains("runway-api-key"))
        #expect(message.contains("API Keys tab"))
        #expect(message.contains("keywarden:allow"))
        #expect(!message.contains(key))
        // Allowed on its line: the commit goes through.
        try repository.write("config/.env.production", "RUNWAYML_API_SECRET=\(key)  # keywarden:allow\n")
        try repository.git(["add", "-A"])
        #expect(try Self.commit(repository, "allowed").status == 0)
    }

    /// A staged scan that reads nothing says why, so "no secrets found" is never the only word.
    @Test func aStagedScanOfNothingSaysSoAndTellsDeletionsApart() throws {
        let repository = try Self.repository()
        let notes = { (files: [String]) throws -> [String] in
            let result = try KeyWardenBinary.run(["scan", "--staged", "--format", "json"] + files, in: repository.path)
            #expect(result.status == 0, "\(result.standardError)")
            let report = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
            return report?["notes"] as? [String] ?? ["no report"]
        }
        #expect(try notes([]) == ["nothing is staged: there was nothing to scan"], "unborn HEAD, empty index")
        try repository.write("later.md", "not yet\n")
        try repository.git(["add", "-N", "later.md"])
        #expect(try notes([]) == ["nothing is staged: there was nothing to scan"], "only git add -N")
        try repository.git(["rm", "-q", "--cached", "later.md"])
        try repository.write("docs/guide.md", "one\ntwo\n")
        try repository.write("run.sh", "echo hi\n")
        try repository.commit("start")
        #expect(try notes([]) == ["nothing is staged: there was nothing to scan"])
        try repository.git(["rm", "-q", "docs/guide.md"])
        try repository.git(["update-index", "--chmod=+x", "run.sh"])
        #expect(try notes([]) == ["the staged changes add no lines (deletions or mode changes only): there was nothing to scan"])
        try repository.write("docs/new.md", "three\n")
        try repository.git(["add", "docs/new.md"])
        #expect(try notes([]).isEmpty)
        #expect(try notes(["run.sh"]) == ["the files named add no staged lines: there was nothing to scan"])
    }

    @Test func anExistingHookIsKeptChainedAndRestoredExactly() throws {
        let repository = try Self.repository()
        let hooks = repository.path + "/.git/hooks"
        let userHook = "#!/bin/sh\necho user hook ran >> \"$(git rev-parse --git-dir)/user-hook.log\"\n"
        try userHook.write(toFile: hooks + "/pre-commit", atomically: true, encoding: .utf8)
        chmod(hooks + "/pre-commit", 0o751)
        #expect(try KeyWardenBinary.run(["hook", "install", repository.path]).status == 0)
        #expect(try KeyWardenBinary.run(["hook", "install", repository.path]).status == 0)
        let status = try KeyWardenBinary.run(["hook", "status", repository.path])
        #expect(status.standardOutput.contains("pre-commit: keywarden (runs the earlier hook first)"))
        try repository.write("a.txt", "a\n")
        try repository.git(["add", "a.txt"])
        #expect(try Self.commit(repository, "one").status == 0)
        #expect(try String(contentsOfFile: repository.path + "/.git/user-hook.log", encoding: .utf8).contains("user hook ran"))
        #expect(try KeyWardenBinary.run(["hook", "uninstall", repository.path]).status == 0)
        #expect(try String(contentsOfFile: hooks + "/pre-commit", encoding: .utf8) == userHook)
        var info = stat()
        stat(hooks + "/pre-commit", &info)
        #expect(info.st_mode & 0o777 == 0o751)
        #expect(!FileManager.default.fileExists(atPath: hooks + "/pre-push"))
    }

    @Test func coreHooksPathAndLinkedWorktreesAreHonoured() throws {
        let repository = try Self.repository()
        try repository.git(["config", "core.hooksPath", "githooks"])
        #expect(try KeyWardenBinary.run(["hook", "install", "--pre-commit", repository.path]).status == 0)
        #expect(FileManager.default.fileExists(atPath: repository.path + "/githooks/pre-commit"))
        try repository.git(["config", "--unset", "core.hooksPath"])
        try repository.write("a.txt", "a\n")
        try repository.commit("base")
        let worktree = repository.path + "-wt"
        defer { try? FileManager.default.removeItem(atPath: worktree) }
        try repository.git(["worktree", "add", "-q", worktree])
        #expect(try KeyWardenBinary.run(["hook", "install", "--pre-commit", worktree]).status == 0)
        #expect(FileManager.default.fileExists(atPath: repository.path + "/.git/hooks/pre-commit"))
        try TemporaryDirectory.writeFile(worktree + "/k.env", "K=\(TestKeys.runway())\n")
        _ = try ProcessRunner.run(ProcessRunner.which("git")!, ["add", "k.env"], in: worktree)
        let blocked = try ProcessRunner.run(ProcessRunner.which("git")!, ["commit", "-q", "-m", "leak"], in: worktree)
        #expect(blocked.status != 0)
    }

    @Test func prePushScansNewBranchesAndUpdatesAndNothingForDeletions() throws {
        let remote = try RepositoryBuilder(bare: true)
        let repository = try Self.repository()
        try repository.git(["remote", "add", "origin", remote.path])
        try repository.write("a.txt", "a\n")
        try repository.commit("base")
        #expect(try KeyWardenBinary.run(["hook", "install", "--pre-push", repository.path]).status == 0)
        func push(_ arguments: [String]) throws -> ProcessResult {
            try ProcessRunner.run(ProcessRunner.which("git")!, ["push", "-q"] + arguments, in: repository.path)
        }
        #expect(try push(["origin", "main"]).status == 0)
        // An update carrying a key is blocked.
        try repository.write("b.env", "K=\(TestKeys.runway())\n")
        try repository.commit("leak")
        let update = try push(["origin", "main"])
        #expect(update.status != 0)
        #expect(update.standardOutput.contains("b.env") || update.standardError.contains("b.env"))
        try repository.git(["reset", "-q", "--hard", "HEAD~1"])
        // A new branch: only what no remote-tracking branch has is scanned.
        try repository.git(["checkout", "-q", "-b", "feature"])
        try repository.write("c.txt", "clean\n")
        try repository.commit("clean work")
        #expect(try push(["origin", "feature"]).status == 0)
        try repository.git(["checkout", "-q", "-b", "leaky"])
        try repository.write("d.py", "api_key = \"\(TestKeys.runway())\"\n")
        try repository.commit("leak on a new branch")
        #expect(try push(["origin", "leaky"]).status != 0)
        // Deleting a remote branch scans nothing.
        #expect(try push(["origin", "--delete", "feature"]).status == 0)
    }

    /// A keywarden hook the user edited is neither overwritten by an update nor deleted by uninstall.
    @Test func aUsersEditsToTheHookAreKept() throws {
        let repository = try Self.repository()
        let hooks = repository.path + "/.git/hooks"
        #expect(try KeyWardenBinary.run(["hook", "install", "--pre-commit", repository.path]).status == 0)
        // Reinstalling an unedited hook just updates it.
        let again = try KeyWardenBinary.run(["hook", "install", "--pre-commit", repository.path])
        #expect(again.standardOutput.contains("updated"), "\(again.standardOutput)")
        #expect(!FileManager.default.fileExists(atPath: hooks + "/pre-commit.keywarden-edited"))

        let edited = try String(contentsOfFile: hooks + "/pre-commit", encoding: .utf8) + "echo 'my own step'\n"
        try edited.write(toFile: hooks + "/pre-commit", atomically: false, encoding: .utf8)
        let status = try KeyWardenBinary.run(["hook", "status", "--pre-commit", repository.path])
        #expect(status.standardOutput.contains("edited"), "\(status.standardOutput)")
        let update = try KeyWardenBinary.run(["hook", "install", "--pre-commit", repository.path])
        #expect(update.status == 0)
        #expect(update.standardOutput.contains("pre-commit.keywarden-edited"), "\(update.standardOutput)")
        #expect(try String(contentsOfFile: hooks + "/pre-commit.keywarden-edited", encoding: .utf8) == edited)

        try (String(contentsOfFile: hooks + "/pre-commit", encoding: .utf8) + "# mine\n").write(toFile: hooks + "/pre-commit", atomically: false, encoding: .utf8)
        let removal = try KeyWardenBinary.run(["hook", "uninstall", "--pre-commit", repository.path])
        #expect(removal.status == 0)
        #expect(removal.standardOutput.contains("pre-commit.keywarden-edited.2"), "\(removal.standardOutput)")
        #expect(!FileManager.default.fileExists(atPath: hooks + "/pre-commit"))
        #expect(try String(contentsOfFile: hooks + "/pre-commit.keywarden-edited.2", encoding: .utf8).hasSuffix("# mine\n"))
    }

    /// A bare repository with a separate work tree (how dotfile managers keep one): GIT_DIR and
    /// GIT_WORK_TREE are honoured as git honours them, so clean commits pass and a key is blocked.
    @Test func gitDirAndGitWorkTreeAreHonoured() throws {
        let bare = try RepositoryBuilder(bare: true)
        let home = try TemporaryDirectory("dotfiles-home")
        let environment = [
            "GIT_DIR": bare.path, "GIT_WORK_TREE": home.path, "GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.com",
            "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.com",
        ]
        let git = ProcessRunner.which("git")!
        #expect(try KeyWardenBinary.run(["hook", "install", "--pre-commit"], in: home.path, environment: environment).status == 0)
        #expect(FileManager.default.fileExists(atPath: bare.path + "/hooks/pre-commit"))
        try home.write(".bashrc", "alias ll='ls -l'\n")
        try ProcessRunner.run(git, ["add", ".bashrc"], in: home.path, environment: environment)
        let clean = try ProcessRunner.run(git, ["commit", "-q", "-m", "bashrc"], in: home.path, environment: environment)
        #expect(clean.status == 0, "\(clean.standardError)")
        try home.write(".env", "RUNWAYML_API_SECRET=\(TestKeys.runway())\n")
        try ProcessRunner.run(git, ["add", ".env"], in: home.path, environment: environment)
        let leak = try ProcessRunner.run(git, ["commit", "-q", "-m", "env"], in: home.path, environment: environment)
        #expect(leak.status != 0)
        #expect((leak.standardOutput + leak.standardError).contains(".env:1"), "\(leak.standardError)")
        let history = try KeyWardenBinary.run(["scan", "--history"], in: home.path, environment: environment)
        #expect(history.status == 0, "\(history.standardError)")
    }
}
