import Foundation
@testable import GitStore
import TestSupport
import Testing

/// `stagedChanges` hashes the index's directories to read only the trees of HEAD that differ; these
/// tests hold it to git's own `git diff --cached` and `git write-tree`.
@Suite struct StagedChangesTests {
    /// Added lines by path, the path's exact bytes as key (`String` equality would merge a name's
    /// composed and decomposed Unicode spellings, which git keeps apart).
    typealias AddedLines = [[UInt8]: String]

    /// What `git diff --cached` says is added: path → added line numbers ("binary" for binary files).
    static func gitsAddedLines(_ builder: RepositoryBuilder, limitedTo paths: Set<[UInt8]>? = nil) throws -> AddedLines {
        let patch = try builder.git([
            "-c", "core.quotePath=false", "diff", "--cached", "-U0", "--no-renames", "--no-ext-diff", "--no-color",
        ])
        var added: [[UInt8]: Set<Int>] = [:]
        var binary = Set<[UInt8]>()
        var path: [UInt8]?
        for line in patch.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("+++ ") {
                // git ends the name with a tab when it holds a space.
                path = line == "+++ /dev/null" ? nil : Array(line.dropFirst(6).utf8).filter { $0 != 0x09 }
            } else if line.hasPrefix("Binary files "), let range = line.range(of: " and b/") {
                binary.insert(Array(line[range.upperBound...].dropLast(" differ".count).utf8))
            } else if line.hasPrefix("@@ "), let path {
                // @@ -a,b +c,d @@: lines c ..< c + d are added (d omitted means 1).
                let new = line.split(separator: " ")[2].dropFirst().split(separator: ",")
                let start = Int(new[0])!
                let count = new.count > 1 ? Int(new[1])! : 1
                added[path, default: []].formUnion(start..<(start + count))
            }
        }
        // keywarden does not enter submodules: their entries are not compared.
        for record in try builder.git(["ls-files", "-s", "-z"]).split(separator: "\0") where record.hasPrefix("160000 ") {
            added[Array(record.split(separator: "\t")[1].utf8)] = nil
        }
        var result: AddedLines = [:]
        for (path, lines) in added where !lines.isEmpty { result[path] = lines.sorted().map(String.init).joined(separator: ",") }
        for path in binary { result[path] = "binary" }
        if let paths { result = result.filter { paths.contains($0.key) } }
        return result
    }

    static func ourAddedLines(_ repository: Repository, limitedTo paths: [String]? = nil) throws -> AddedLines {
        var result: AddedLines = [:]
        for file in try repository.stagedChanges(limitedTo: paths) {
            result[Array(file.path.utf8)] =
                file.isBinary ? "binary" : file.addedLines.sorted().map(String.init).joined(separator: ",")
        }
        return result
    }

    static func stagedRoot(_ builder: RepositoryBuilder) throws -> ObjectID? {
        try Repository(at: builder.path).stagedTrees()?.rootID
    }

    /// Random staged changes on a committed tree of nested directories whose names sort around `/`
    /// (`a-b`, `a.b`, `a/`, `a0`), hold spaces and pattern characters, or spell one word in composed and
    /// decomposed Unicode: edits, new files and directories, deletions, renames, chmod, symlinks, a file
    /// replaced by a directory, a directory by a file, a file by a symbolic link and back, `git add -N`,
    /// submodule entries and one replaced by a file, skip-worktree entries with new staged content.
    /// Each step is also compared limited to a few paths, as the pre-commit framework asks.
    @Test(arguments: [1, 2, 3, 4])
    func stagedChangesAgreeWithGitDiffCached(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let builder = try RepositoryBuilder(literalPathspecs: true)
        var directories = [
            "", "a/", "a-b/", "a.b/", "a0/", "a/deep/", "a/deep/er/", "b/", "b/a/", "caf\u{E9}/", "cafe\u{301}/",
            "sp ace/", "st*r?[x]/",
        ]
        var files: [String] = []
        var modules: [String] = []
        var links: [String] = []
        for (number, directory) in directories.enumerated() {
            for name in ["a", "a-b", "a.b", "a0", "z\(number)", "x y", "*", "n\u{E9}"]
            where !directories.contains(directory + name + "/") {
                try write(builder, directory + name, lines: Int.random(in: 1..<6, using: &random), random: &random)
                files.append(directory + name)
            }
        }
        try builder.commit("start")
        let tracked = try builder.git(["-c", "core.quotePath=false", "ls-files", "-z"]).split(separator: "\0")
        #expect(Set(tracked.map { Array($0.utf8) }).count == files.count, "both Unicode spellings are distinct files")
        let repository = try Repository(at: builder.path)
        #expect(try Self.ourAddedLines(repository).isEmpty)

        for step in 0..<36 {
            switch Int.random(in: 0..<15, using: &random) {
            case 0...2 where !files.isEmpty:
                let path = files.randomElement(using: &random)!
                try append(builder, to: path, random: &random)
                try builder.git(["add", "--", path])
            case 3:
                let path = directories.randomElement(using: &random)! + (Bool.random(using: &random) ? "new\(step)/" : "") + "n\(step)"
                try write(builder, path, lines: 3, random: &random)
                try builder.git(["add", "--", path])
                files.append(path)
            case 4 where files.count > 5:
                let path = files.remove(at: Int.random(in: 0..<files.count, using: &random))
                try builder.git(["rm", "-q", "-f", "--", path])
            case 5 where !files.isEmpty:
                let index = Int.random(in: 0..<files.count, using: &random)
                let target = directories.randomElement(using: &random)! + "moved\(step)"
                try builder.move(files[index], to: target)
                files[index] = target
            case 6 where !files.isEmpty:
                try builder.git(["update-index", "--chmod=+x", files.randomElement(using: &random)!])
            case 7 where !files.isEmpty:
                // A file becomes a directory of the same name.
                let index = Int.random(in: 0..<files.count, using: &random)
                let path = files[index]
                try builder.git(["rm", "-q", "-f", "--", path])
                try write(builder, path + "/inside", lines: 2, random: &random)
                try builder.git(["add", "--", path + "/inside"])
                files[index] = path + "/inside"
            case 8:
                let link = "link\(step)"
                try FileManager.default.createSymbolicLink(atPath: builder.path + "/" + link, withDestinationPath: "a/a")
                try builder.git(["add", "--", link])
            case 9:
                let path = "intent\(step)"
                try write(builder, path, lines: 2, random: &random)
                try builder.git(["add", "-N", "--", path])
            case 10:
                let commit = try builder.git(["rev-parse", "HEAD"])
                try builder.git(["update-index", "--add", "--cacheinfo", "160000,\(commit),module\(step)"])
                modules.append("module\(step)")
            case 11:
                // A directory becomes a file of the same name.
                let directory = String(directories.filter { !$0.isEmpty }.randomElement(using: &random)!.dropLast())
                guard !(try builder.git(["ls-files", "--", directory])).isEmpty else { continue }
                try builder.git(["rm", "-r", "-q", "-f", "--", directory])
                // By bytes: `hasPrefix` would take the other Unicode spelling of "café/" for this one.
                files.removeAll { $0.utf8.starts(with: (directory + "/").utf8) }
                directories.removeAll { $0.utf8.starts(with: (directory + "/").utf8) }
                try write(builder, directory, lines: 2, random: &random)
                try builder.git(["add", "--", directory])
                files.append(directory)
            case 12 where !files.isEmpty:
                // New content staged for a path marked skip-worktree (as sparse checkouts leave them);
                // the path is left alone afterwards (git rm refuses it).
                let path = files.remove(at: Int.random(in: 0..<files.count, using: &random))
                let blob = try builder.git(["hash-object", "-w", "--stdin"], input: "skip \(step)\nsecond line\n")
                try builder.git(["update-index", "--cacheinfo", "100644,\(blob),\(path)"])
                try builder.git(["update-index", "--skip-worktree", "--", path])
            case 13 where !files.isEmpty || !links.isEmpty:
                // A file becomes a symbolic link, or a link a file again.
                let toLink = links.isEmpty || (!files.isEmpty && Bool.random(using: &random))
                let path =
                    toLink
                    ? files.remove(at: Int.random(in: 0..<files.count, using: &random))
                    : links.remove(at: Int.random(in: 0..<links.count, using: &random))
                try builder.git(["update-index", "--force-remove", "--", path])
                try FileManager.default.removeItem(atPath: builder.path + "/" + path)
                if toLink {
                    try FileManager.default.createSymbolicLink(atPath: builder.path + "/" + path, withDestinationPath: "elsewhere")
                    links.append(path)
                } else {
                    try write(builder, path, lines: 2, random: &random)
                    files.append(path)
                }
                try builder.git(["add", "--", path])
            case 14 where !modules.isEmpty:
                // A submodule entry becomes a file.
                let path = modules.removeLast()
                try builder.git(["update-index", "--force-remove", "--", path])
                try write(builder, path, lines: 3, random: &random)
                try builder.git(["add", "--", path])
                files.append(path)
            default:
                continue
            }
            let (ours, gits) = (try Self.ourAddedLines(repository), try Self.gitsAddedLines(builder))
            #expect(ours == gits, "seed \(seed), step \(step)")
            #expect(try repository.stagedTrees() != nil, "the fast comparison, not the fallback (seed \(seed), step \(step))")
            let some = files.filter { _ in Int.random(in: 0..<4, using: &random) == 0 } + ["not/there"]
            let limited = try Self.ourAddedLines(repository, limitedTo: some)
            #expect(limited == (try Self.gitsAddedLines(builder, limitedTo: Set(some.map { Array($0.utf8) }))))
            if step % 6 == 5 {
                // The hashing that lets unchanged trees be skipped makes git's own trees.
                let root = try #require(try Self.stagedRoot(builder))
                #expect(root.hex == (try builder.git(["write-tree"])), "seed \(seed), step \(step)")
            }
            if step % 12 == 11 { try builder.git(["commit", "-q", "--allow-empty", "-m", "step \(step)"]) }
        }
    }

    /// "café" spelled composed and decomposed is two directories to git (and to a filesystem that keeps
    /// names as bytes); a file added to one is found even when the other sorts next to it.
    @Test func composedAndDecomposedNamesAreTwoDirectories() throws {
        let builder = try RepositoryBuilder()
        try builder.write("caf\u{E9}/readme", "one\n")
        try builder.write("cafe\u{301}/other", "two\n")
        try builder.commit("start")
        try builder.write("cafe\u{301}/added", "three\nfour\n")
        try builder.write("caf\u{E9}/readme", "one\nfive\n")
        try builder.git(["add", "-A"])
        let repository = try Repository(at: builder.path)
        let ours = try Self.ourAddedLines(repository)
        #expect(ours == [Array("cafe\u{301}/added".utf8): "1,2", Array("caf\u{E9}/readme".utf8): "2"])
        #expect(ours == (try Self.gitsAddedLines(builder)))
        // Named as the pre-commit framework names them: each spelling is its own file.
        #expect(try Self.ourAddedLines(repository, limitedTo: ["caf\u{E9}/readme", "cafe\u{301}/added"]) == ours)
        #expect(try Self.ourAddedLines(repository, limitedTo: ["cafe\u{301}/added"]).keys.map { $0 } == [Array("cafe\u{301}/added".utf8)])
        #expect(try Self.ourAddedLines(repository, limitedTo: ["caf\u{E9}/added"]).isEmpty)
    }

    /// Paths whose parts would not all be tree entry names send the index to the full comparison.
    @Test func onlyCleanRelativePathsAreHashed() {
        for (path, clean) in [("a/b", true), ("a", true), ("a b/c*", true), ("a//b", false), ("/a", false), ("a/", false), ("", false)] {
            let bytes = Array(path.utf8)
            #expect(bytes.withUnsafeBytes { StagedTrees.isCleanRelativePath($0) } == clean, "\(path.debugDescription)")
        }
    }

    /// With `core.ignorecase` libgit2 sorts the index ignoring case; the trees still come out as git's.
    @Test func aCaseInsensitiveIndexIsSortedByBytesFirst() throws {
        let builder = try RepositoryBuilder()
        for path in ["B/x", "a/y", "C", "b.txt", "Ab/z", "aB/w"] { try builder.write(path, "one\n") }
        try builder.commit("start")
        try builder.git(["config", "core.ignorecase", "true"])
        for path in ["B/x", "aB/w", "C"] { try builder.write(path, "one\ntwo\n") }
        try builder.write("b/new", "new\n")
        try builder.git(["add", "-A"])
        let repository = try Repository(at: builder.path)
        #expect(try repository.stagedTrees()?.rootID.hex == (try builder.git(["write-tree"])))
        #expect(try Self.ourAddedLines(repository) == Self.gitsAddedLines(builder))
        #expect(try Self.ourAddedLines(repository).count == 4)
    }

    @Test func conflictsAndNonUTF8PathsAreComparedInFull() throws {
        let builder = try RepositoryBuilder()
        try builder.write("shared.txt", "base\n")
        try builder.commit("base")
        try builder.git(["checkout", "-q", "-b", "side"])
        try builder.write("shared.txt", "side\n")
        try builder.commit("side")
        try builder.git(["checkout", "-q", "main"])
        try builder.write("shared.txt", "main\n")
        try builder.write("plain.txt", "one\ntwo\n")
        try builder.commit("main")
        _ = try? builder.git(["merge", "-q", "side"])
        #expect(try Self.stagedRoot(builder) == nil, "a conflicted index has no tree")
        try builder.write("extra.txt", "added\n")
        try builder.git(["add", "extra.txt"])
        let repository = try Repository(at: builder.path)
        #expect(try Self.ourAddedLines(repository)[Array("extra.txt".utf8)] == "1")

        let other = try RepositoryBuilder()
        try other.write("Readme", "one\n")
        try other.commit("start")
        try other.write("Readme", "one\ntwo\n")
        // A name with a byte that is not UTF-8 (0xE9): "caf\xE9.txt".
        let rawName: [CChar] = Array((other.path + "/caf").utf8CString.dropLast()) + [CChar(bitPattern: 0xE9), 46, 116, 120, 116, 0]
        let descriptor = open(rawName, O_CREAT | O_WRONLY, 0o644)
        #expect(descriptor >= 0)
        _ = "added\n".withCString { Foundation.write(descriptor, $0, 6) }
        close(descriptor)
        try other.git(["add", "-A"])
        #expect(try Self.stagedRoot(other) == nil, "a path that is not UTF-8")
        let changes = try Repository(at: other.path).stagedChanges()
        #expect(changes.map(\.path).sorted() == ["Readme", "caf\u{FFFD}.txt"])

        // Everything staged for deletion: an empty index, an empty tree, nothing added.
        let emptied = try RepositoryBuilder()
        try emptied.write("dir/file", "one\n")
        try emptied.commit("start")
        try emptied.git(["rm", "-r", "-q", "."])
        #expect(try Self.stagedRoot(emptied)?.hex == (try emptied.git(["write-tree"])))
        #expect(try Repository(at: emptied.path).stagedChanges().isEmpty)
    }

    private func write(_ builder: RepositoryBuilder, _ path: String, lines: Int, random: inout SeededGenerator) throws {
        try builder.write(path, (0..<lines).map { _ in "line \(Int.random(in: 0..<1000, using: &random))\n" }.joined())
    }

    private func append(_ builder: RepositoryBuilder, to path: String, random: inout SeededGenerator) throws {
        let url = URL(fileURLWithPath: builder.path + "/" + path)
        var text = try String(contentsOf: url, encoding: .utf8)
        text += "added \(Int.random(in: 0..<1000, using: &random))\n"
        if Bool.random(using: &random) { text = "top \(Int.random(in: 0..<1000, using: &random))\n" + text }
        try text.write(to: url, atomically: false, encoding: .utf8)
    }
}
