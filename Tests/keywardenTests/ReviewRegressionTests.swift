import Foundation
import TestSupport
import Testing

/// Regressions found in review: each once let a secret through or a scan pass as clean.
@Suite struct ReviewRegressionTests {
    static func repository() throws -> RepositoryBuilder {
        let repository = try RepositoryBuilder()
        try repository.git(["config", "user.name", "Alice Example"])
        try repository.git(["config", "user.email", "alice@example.com"])
        return repository
    }

    static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    @Test func aRegexThatGivesUpMakesTheScanIncompleteNotClean() throws {
        let directory = try TemporaryDirectory("limit")
        try directory.write(".keywarden.toml", "[[rules]]\nid = \"slow\"\nregex = '''(a|aa)+\\K$'''\nmaxLength = 100000\n")
        try directory.write("a.txt", String(repeating: "a", count: 5_000) + "!")
        let result = try KeyWardenBinary.run(["scan", directory.path])
        #expect(result.status == 2)
        #expect((result.standardOutput + result.standardError).contains("match limit"))
    }

    @Test func commitAllAndCommitWithPathsAreScannedThroughGitsTemporaryIndex() throws {
        let repository = try Self.repository()
        try repository.write("app.env", "LOG=info\n")
        try repository.write("other.txt", "x\n")
        try repository.commit("base")
        #expect(try KeyWardenBinary.run(["hook", "install", "--pre-commit", repository.path]).status == 0)
        try repository.write("app.env", "LOG=info\nRUNWAYML_API_SECRET=\(TestKeys.runway())\n")
        let git = ProcessRunner.which("git")!
        let all = try ProcessRunner.run(git, ["commit", "-q", "-a", "-m", "all"], in: repository.path)
        #expect(all.status != 0, "git commit -a slipped a key past the hook")
        let named = try ProcessRunner.run(git, ["commit", "-q", "-m", "named", "app.env"], in: repository.path)
        #expect(named.status != 0, "git commit PATH slipped a key past the hook")
    }

    @Test func aDanglingHookLinkIsKeptNotClobbered() throws {
        let repository = try Self.repository()
        let hook = repository.path + "/.git/hooks/pre-commit"
        try FileManager.default.createDirectory(atPath: repository.path + "/.git/hooks", withIntermediateDirectories: true)
        #expect(symlink("../../node_modules/husky/pre-commit", hook) == 0)
        #expect(try KeyWardenBinary.run(["hook", "install", "--pre-commit", repository.path]).status == 0)
        #expect(Self.linkTarget(hook + ".keywarden-chained") == "../../node_modules/husky/pre-commit")
        #expect(try KeyWardenBinary.run(["hook", "uninstall", "--pre-commit", repository.path]).status == 0)
        #expect(Self.linkTarget(hook) == "../../node_modules/husky/pre-commit")
    }

    @Test func pushingToAPublicRemoteScansWhatAPrivateRemoteAlreadyHas() throws {
        let (privateRemote, publicRemote) = (try RepositoryBuilder(bare: true), try RepositoryBuilder(bare: true))
        let repository = try Self.repository()
        try repository.git(["remote", "add", "origin", privateRemote.path])
        try repository.git(["remote", "add", "public", publicRemote.path])
        try repository.write("k.env", "K=\(TestKeys.runway())\n")
        try repository.commit("key, fine for the private remote")
        let git = ProcessRunner.which("git")!
        #expect(try ProcessRunner.run(git, ["push", "-q", "origin", "main"], in: repository.path).status == 0)
        #expect(try KeyWardenBinary.run(["hook", "install", "--pre-push", repository.path]).status == 0)
        #expect(try ProcessRunner.run(git, ["push", "-q", "public", "main"], in: repository.path).status != 0)
    }

    @Test func aPrivateKeyRotatedInPlaceIsCaughtAlthoughItsFirstLineIsUnchanged() throws {
        let repository = try Self.repository()
        func block() -> String {
            let body = (0..<8).map { _ in TestKeys.random(64, from: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") }
            let dashes = String(repeating: "-", count: 5)
            return "\(dashes)BEGIN RSA PRIVATE KEY\(dashes)\n" + body.joined(separator: "\n") + "\n\(dashes)END RSA PRIVATE KEY\(dashes)\n"
        }
        try repository.write("deploy/id_rsa", block())
        let first = try repository.commit("key one")
        try repository.write("deploy/id_rsa", block())
        try repository.commit("key two")
        let result = try KeyWardenBinary.run(["scan", "--since", first, repository.path])
        #expect(result.status == 1, "\(result.standardOutput)")
    }
}
