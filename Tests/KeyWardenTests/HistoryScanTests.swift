import Foundation
import KeyWarden
import TestSupport
import Testing

@Suite struct HistoryScanTests {
    static func scanner() throws -> SecretScanner {
        SecretScanner(rules: try CompiledRuleSet(try RuleSet.defaults()), options: ScanOptions(threads: 2))
    }

    @Test func findsDeletedBranchOnlyTagOnlyAndStashedSecretsAttributedToTheirFirstCommit() throws {
        let repository = try RepositoryBuilder()
        let (deleted, branchOnly, tagOnly, stashed, moved) = (TestKeys.runway(), TestKeys.runway(), TestKeys.runway(), TestKeys.runway(), TestKeys.runway())
        try repository.write("README.md", "demo\n")
        try repository.commit("init")
        try repository.write("src/try.py", "api_key = \"\(deleted)\"\n")
        let introduced = try repository.commit("try it", author: .bob)
        try repository.remove("src/try.py")
        try repository.commit("remove", author: .bob)
        try repository.write("config/a.env", "K=\(moved)\n")
        let movedCommit = try repository.commit("config", author: .carol)
        try repository.git(["mv", "config/a.env", "config/b.env"])
        let renameCommit = try repository.commit("rename")

        try repository.git(["checkout", "-q", "-b", "feature"])
        try repository.write("feature.txt", "K=\(branchOnly)\n")
        try repository.commit("feature")
        try repository.git(["checkout", "-q", "main"])

        try repository.git(["checkout", "-q", "--detach"])
        try repository.write("tagged.txt", "K=\(tagOnly)\n")
        try repository.commit("tagged")
        try repository.git(["tag", "-a", "v1", "-m", "v1"])
        try repository.git(["checkout", "-q", "main"])

        try repository.write("README.md", "demo\nK=\(stashed)\n")
        try repository.git(["stash"])

        let report = try Self.scanner().scanHistory(at: repository.path)
        let secrets = Set(report.findings.map(\.secret))
        #expect(secrets == [deleted, branchOnly, tagOnly, stashed, moved])
        let first = try #require(report.findings.first { $0.secret == deleted })
        #expect(first.commit?.id == introduced)
        #expect(first.commit?.authorEmail == "bob@example.com")
        #expect(first.path == "src/try.py")
        #expect(first.line == 1 && first.column == 12)
        #expect(first.source == .history)
        // A rename keeps the blob: scanned once, reported at each path with the commit that put it there.
        let movedFindings = report.findings.filter { $0.secret == moved }.sorted { $0.path < $1.path }
        #expect(movedFindings.map(\.path) == ["config/a.env", "config/b.env"])
        #expect(movedFindings.first?.commit?.id == movedCommit)
        #expect(movedFindings.last?.commit?.id == renameCommit)
    }

    @Test func contentRenamedToAPathScopedFileIsJudgedAtItsNewPath() throws {
        let repository = try RepositoryBuilder()
        let token = TestKeys.random(8) + "-" + TestKeys.random(4) + "-" + TestKeys.random(4) + "-" + TestKeys.random(4) + "-" + TestKeys.random(12)
        try repository.write("notes.txt", "//registry.npmjs.org/:_authToken=\(token)\n")
        try repository.commit("notes")
        try repository.git(["mv", "notes.txt", ".npmrc"])
        let renamed = try repository.commit("use it as npmrc", author: .bob)
        let report = try Self.scanner().scanHistory(at: repository.path)
        let npmrc = report.findings.filter { $0.ruleID == "npmrc-auth-token" }
        #expect(npmrc.map(\.path) == [".npmrc"])
        #expect(npmrc.first?.commit?.id == renamed)
        #expect(npmrc.first?.secret == token)
    }

    /// A tag may name a blob or a tree instead of a commit (git's own history tags a blob): what it
    /// holds is reachable, so it is scanned, and its findings name the tag.
    @Test func tagsOfBlobsAndTreesAreScannedAndNamed() throws {
        let repository = try RepositoryBuilder()
        try repository.write("README.md", "demo\n")
        try repository.commit("init")
        let (inBlob, inTree) = (TestKeys.runway(), TestKeys.runway())
        let blob = try repository.git(["hash-object", "-w", "--stdin"], input: "RUNWAYML_API_SECRET=\(inBlob)\n")
        try repository.git(["tag", "-a", "key-blob", blob, "-m", "a blob with a key"], author: .carol)
        let file = try repository.git(["hash-object", "-w", "--stdin"], input: "K=\(inTree)\n")
        let tree = try repository.git(["mktree"], input: "100644 blob \(file)\tconfig.env\n")
        try repository.git(["tag", "key-tree", tree])
        let report = try Self.scanner().scanHistory(at: repository.path)
        let blobFinding = try #require(report.findings.first { $0.secret == inBlob })
        #expect(blobFinding.path == "refs/tags/key-blob")
        #expect(blobFinding.commit?.authorEmail == RepositoryBuilder.Author.carol.email)
        #expect(blobFinding.commit?.summary == "tag refs/tags/key-blob: a blob with a key")
        let treeFinding = try #require(report.findings.first { $0.secret == inTree })
        #expect(treeFinding.path == "config.env")
        #expect(treeFinding.commit?.summary == "lightweight tag refs/tags/key-tree")
        #expect(report.statistics.commitsWalked == 1)
        #expect(report.notes.contains { $0.contains("2 tags point at a tree or blob") })
        #expect(report.problems.isEmpty)
    }

    @Test func eachBlobIsScannedOnceHoweverManyCommitsCarryIt() throws {
        let repository = try RepositoryBuilder()
        let key = TestKeys.runway()
        try repository.write("k.env", "K=\(key)\n")
        try repository.commit("key")
        for index in 0..<5 {
            try repository.write("other.txt", "change \(index)\n")
            try repository.commit("change \(index)")
        }
        try repository.write("copy/k.env", "K=\(key)\n")
        let copied = try repository.commit("copy with the same content")
        let report = try Self.scanner().scanHistory(at: repository.path)
        // The copy is reported where it is, by the commit that made it, though its directory's tree
        // is the very tree the first commit had at the root.
        #expect(report.findings.map(\.path).sorted() == ["copy/k.env", "k.env"])
        #expect(report.findings.first { $0.path == "copy/k.env" }?.commit?.id == copied)
        #expect(report.statistics.commitsWalked == 7)
        #expect(report.statistics.blobsScanned == 6)  // k.env once, other.txt five times; the copy is the same blob
        #expect(report.secrets.count == 1)
    }

    @Test func sameSecretInTwoBlobsIsGroupedAsOneSecretWithTwoPlaces() throws {
        let repository = try RepositoryBuilder()
        let key = TestKeys.runway()
        try repository.write(".env.production", "RUNWAYML_API_SECRET=\(key)\n")
        try repository.commit("prod")
        try repository.write(".env.staging", "# copied\nRUNWAYML_API_SECRET=\(key)\n")
        try repository.commit("staging", author: .bob)
        let report = try Self.scanner().scanHistory(at: repository.path)
        #expect(report.findings.count == 2)
        #expect(report.secrets.count == 1)
        #expect(report.secrets.first?.first.path == ".env.production")
        #expect(Set(report.findings.map(\.fingerprint)).count == 1)
    }

    @Test func bareRepositoriesAndCRLFAndBinaryBlobs() throws {
        let repository = try RepositoryBuilder()
        let key = TestKeys.runway()
        try repository.write("deploy.yaml", "a: 1\r\nkey: \(key)\r\n")
        let inBinary = TestKeys.runway()
        try repository.write("blob.bin", bytes: [0, 1, 2] + Array(inBinary.utf8))
        try repository.commit("crlf")
        let bare = try TemporaryDirectory("bare")
        try ProcessRunner.run(ProcessRunner.which("git")!, ["clone", "-q", "--bare", repository.path, bare.path + "/r.git"])
        let report = try Self.scanner().scanHistory(at: bare.path + "/r.git")
        #expect(Set(report.findings.map(\.secret)) == [key, inBinary])
        #expect(report.findings.first { $0.secret == key }?.line == 2)
        #expect(report.findings.first { $0.secret == inBinary }?.byteOffset == 3)
        #expect(report.statistics.skippedBinary == 0)
    }

    @Test func notARepositoryIsAClearError() throws {
        let directory = try TemporaryDirectory("norepo")
        #expect(throws: ScanError.self) { try Self.scanner().scanHistory(at: directory.path) }
    }

    @Test func emptyRepositoryScansCleanly() throws {
        let repository = try RepositoryBuilder()
        let report = try Self.scanner().scanHistory(at: repository.path)
        #expect(report.findings.isEmpty)
        #expect(report.problems.isEmpty)
    }
}
