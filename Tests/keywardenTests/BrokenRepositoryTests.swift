import Foundation
import TestSupport
import Testing

/// Broken repositories: the scan goes on past what it cannot read, names it, and exits 2 with the
/// findings it did make.
@Suite struct BrokenRepositoryTests {
    static func objectPath(_ repository: RepositoryBuilder, _ id: String) -> String {
        repository.path + "/.git/objects/" + id.prefix(2) + "/" + id.dropFirst(2)
    }

    @Test func missingAndCorruptLooseObjectsAreNamedAndTheRestIsStillScanned() throws {
        let repository = try RepositoryBuilder()
        let key = TestKeys.runway()
        try repository.write("good.env", "K=\(key)\n")
        try repository.write("lost.txt", "this blob will go missing\n")
        try repository.write("bad.txt", "this blob will be corrupted\n")
        try repository.commit("objects")
        let lost = try repository.git(["rev-parse", "HEAD:lost.txt"])
        let bad = try repository.git(["rev-parse", "HEAD:bad.txt"])
        try FileManager.default.removeItem(atPath: Self.objectPath(repository, lost))
        let badPath = Self.objectPath(repository, bad)
        chmod(badPath, 0o644)
        try Data([0x78, 0x01, 0xFF, 0x00, 0x13, 0x37]).write(to: URL(fileURLWithPath: badPath))
        let result = try KeyWardenBinary.run(["scan", "--history", "--format", "json", repository.path])
        #expect(result.status == 2)
        #expect(result.standardOutput.contains(IndependentDigest.sha256(key)))
        #expect(result.standardError.contains(lost) && result.standardError.contains(bad))
        #expect(result.standardError.contains("lost.txt") && result.standardError.contains("bad.txt"))
        // Read as sentences, not as a dump of the error's fields.
        #expect(!result.standardError.contains("GitError(") && !result.standardOutput.contains("GitError("))
        #expect(result.standardError.contains("read object \(lost)"))
    }

    @Test func truncatedPackIsAClearFailureNotACrash() throws {
        let repository = try RepositoryBuilder()
        for index in 0..<20 {
            try repository.write("file\(index).txt", String(repeating: "line \(index)\n", count: 200))
            try repository.commit("commit \(index)")
        }
        try repository.git(["repack", "-a", "-d", "-q"])
        // Committed after the repack: loose objects, readable whatever happens to the pack.
        let key = TestKeys.runway()
        try repository.write("late.env", "RUNWAYML_API_SECRET=\(key)\n")
        try repository.commit("after the repack")
        let pack = try #require(try FileManager.default.contentsOfDirectory(atPath: repository.path + "/.git/objects/pack").first { $0.hasSuffix(".pack") })
        let packPath = repository.path + "/.git/objects/pack/" + pack
        let data = try Data(contentsOf: URL(fileURLWithPath: packPath))
        chmod(packPath, 0o644)
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: packPath))
        let result = try KeyWardenBinary.run(["scan", "--history", "--no-cache", "--format", "json", repository.path])
        #expect(result.status == 2)
        // What could be read is still reported; what could not is named, with libgit2's reason.
        #expect(result.standardOutput.contains(IndependentDigest.sha256(key)))
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let problems = report["problems"] as? [[String: String]] ?? []
        #expect(!problems.isEmpty)
        #expect(problems.allSatisfy { ($0["subject"] ?? "").count >= 40 && !($0["reason"] ?? "").isEmpty })
        #expect(result.standardError.contains(problems.first?["subject"] ?? "(none)"))
    }

    /// A linked worktree (`git worktree add`) is scanned like its main repository: its own branch's
    /// history and its own files.
    @Test func linkedWorktreesAreScanned() throws {
        let repository = try RepositoryBuilder()
        let (main, linked) = (TestKeys.runway(), TestKeys.runway())
        try repository.write("main.env", "K=\(main)\n")
        try repository.commit("main")
        let worktree = try TemporaryDirectory("worktree")
        try repository.git(["worktree", "add", "-q", "-b", "feature", worktree.path + "/wt"])
        try TemporaryDirectory.writeFile(worktree.path + "/wt/feature.env", "K=\(linked)\n")
        try repository.git(["-C", worktree.path + "/wt", "add", "feature.env"])
        try repository.git(["-C", worktree.path + "/wt", "commit", "-q", "-m", "feature"])
        let history = try KeyWardenBinary.run(["scan", "--history", "--format", "json", worktree.path + "/wt"])
        #expect(history.status == 1)
        #expect(history.standardOutput.contains(IndependentDigest.sha256(main)))
        #expect(history.standardOutput.contains(IndependentDigest.sha256(linked)))
        let tree = try KeyWardenBinary.run(["scan", "--format", "json", worktree.path + "/wt"])
        #expect(tree.status == 1)
        #expect(tree.standardOutput.contains(IndependentDigest.sha256(linked)))
        #expect(!tree.standardOutput.contains("\"path\" : \".git"))
    }

    @Test func repositoryOwnedByAnotherUserIsRefusedWithAClearMessage() throws {
        guard getuid() == 0 else { return }  // only root can hand a directory to another user
        let repository = try RepositoryBuilder()
        try repository.write("a.txt", "a\n")
        try repository.commit("a")
        _ = try ProcessRunner.run("/bin/chown", ["-R", "54321:54321", repository.path])
        let result = try KeyWardenBinary.run(["scan", "--history", repository.path])
        #expect(result.status == 2 || result.status == 0)
        if result.status == 2 { #expect(result.standardError.contains("belongs to user id 54321")) }
    }

    @Test func shallowCloneAndSubmodulesAreNamedInNotes() throws {
        let origin = try RepositoryBuilder()
        for index in 0..<3 {
            try origin.write("f.txt", "\(index)\n")
            try origin.commit("c\(index)")
        }
        let clone = try TemporaryDirectory("shallow")
        try ProcessRunner.run(ProcessRunner.which("git")!, ["clone", "-q", "--depth", "1", "file://" + origin.path, clone.path + "/r"])
        let shallow = try KeyWardenBinary.run(["scan", "--history", clone.path + "/r"])
        #expect(shallow.status == 0)
        #expect(shallow.standardOutput.contains("shallow clone"))

        let superproject = try RepositoryBuilder()
        try superproject.write("README", "super\n")
        try superproject.git(["-c", "protocol.file.allow=always", "submodule", "add", "-q", origin.path, "vendor/lib"])
        try superproject.commit("add submodule")
        let result = try KeyWardenBinary.run(["scan", "--history", superproject.path])
        #expect(result.standardOutput.contains("vendor/lib: a submodule, not entered"))
        let tree = try KeyWardenBinary.run(["scan", superproject.path])
        #expect(tree.standardOutput.contains("vendor/lib"))
    }

    /// LFS pointer files are scanned as the small text files they are (the oid is not a secret), and
    /// the report says their real content was not: it lives on the LFS server.
    @Test func lfsPointersAreNamedNotMistakenForSecrets() throws {
        let repository = try RepositoryBuilder()
        let oid = TestKeys.random(64)
        let pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:\(oid)\nsize 104857600\n"
        try repository.write("assets/video.mp4", pointer)
        try repository.write(".gitattributes", "*.mp4 filter=lfs diff=lfs merge=lfs -text\n")
        try repository.commit("add video")
        for arguments in [["scan", repository.path, "--format", "json"], ["scan", "--history", repository.path, "--format", "json"]] {
            let result = try KeyWardenBinary.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.standardOutput)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
            #expect((document["findings"] as? [Any])?.isEmpty == true)
            #expect((document["stats"] as? [String: Any])?["lfsPointers"] as? Int == 1)
            #expect((document["notes"] as? [String] ?? []).contains { $0.contains("1 Git LFS pointer file") && $0.contains("git lfs pull") })
        }
    }

    /// A SHA-256 repository (which libgit2 1.5 cannot open) is still scanned as a folder, and the
    /// report says so instead of passing it off as an ordinary one.
    @Test func aSHA256RepositoryIsNamedInTheWorkingTreeScan() throws {
        let directory = try TemporaryDirectory("sha256")
        let git = ProcessRunner.which("git")!
        try ProcessRunner.run(git, ["init", "-q", "--object-format=sha256", directory.path + "/r"])
        try directory.write("r/app.env", "K=\(TestKeys.runway())\n")
        let result = try KeyWardenBinary.run(["scan", directory.path + "/r", "--format", "json"])
        #expect(result.status == 1)
        let document = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        let notes = document?["notes"] as? [String] ?? []
        #expect(notes.contains { $0.contains("git repository keywarden cannot open") && $0.contains("objectformat") }, "\(notes)")
    }
}
