import Foundation
@testable import GitStore
import TestSupport
import Testing

/// `stagedChanges` hashes the index's directories to read only the trees of HEAD that differ; these
/// tests hold it to git's own `git diff --cached` and `git write-tree`.
@Suite struct StagedChangesTests {
    /// What `git diff --cached` says is added: path → added line numbers ("binary" for binary files).
    static func gitsAddedLines(_ builder: RepositoryBuilder) throws -> [String: String] {
        let patch = try builder.git(["diff", "--cached", "-U0", "--no-renames", "--no-ext-diff", "--no-color"])
        var added: [String: Set<Int>] = [:]
        var binary = Set<String>()
        var path: String?
        for line in patch.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("+++ ") {
                path = line == "+++ /dev/null" ? nil : String(line.dropFirst(6))
            } else if line.hasPrefix("Binary files "), let range = line.range(of: " and b/") {
                binary.insert(String(line[range.upperBound...].dropLast(" differ".count)))
            } else if line.hasPrefix("@@ "), let path {
                // @@ -a,b +c,d @@: lines c ..< c + d are added (d omitted means 1).
                let new = line.split(separator: " ")[2].dropFirst().split(separator: ",")
                let start = Int(new[0])!
                let count = new.count > 1 ? Int(new[1])! : 1
                added[path, default: []].formUnion(start..<(start + count))
            }
        }
        // keywarden does not enter submodules: their entries are not compared.
        for record in try builder.git(["ls-files", "-s"]).split(separator: "\n") where record.hasPrefix("160000 ") {
            added[String(record.split(separator: "\t")[1])] = nil
        }
        var result: [String: String] = [:]
        for (path, lines) in added where !lines.isEmpty { result[path] = lines.sorted().map(String.init).joined(separator: ",") }
        for path in binary { result[path] = "binary" }
        return result
    }

    static func ourAddedLines(_ repository: Repository) throws -> [String: String] {
        var result: [String: String] = [:]
        for file in try repository.stagedChanges() {
            result[file.path] = file.isBinary ? "binary" : file.addedLines.sorted().map(String.init).joined(separator: ",")
        }
        return result
    }

    static func stagedRoot(_ builder: RepositoryBuilder) throws -> ObjectID? {
        try Repository(at: builder.path).stagedTrees()?.rootID
    }

    /// Random staged changes on a committed tree of nested directories whose names sort around `/`
    /// (`a-b`, `a.b`, `a/`, `a0`): edits, new files and directories, deletions, renames, chmod,
    /// symlinks, a file replaced by a directory and a directory by a file, `git add -N`, a submodule entry.
    @Test(arguments: [1, 2, 3, 4])
    func stagedChangesAgreeWithGitDiffCached(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let builder = try RepositoryBuilder()
        var directories = ["", "a/", "a-b/", "a.b/", "a0/", "a/deep/", "a/deep/er/", "b/", "b/a/"]
        var files: [String] = []
        for (number, directory) in directories.enumerated() {
            for name in ["a", "a-b", "a.b", "a0", "z\(number)"] where !directories.contains(directory + name + "/") {
                try write(builder, directory + name, lines: Int.random(in: 1..<6, using: &random), random: &random)
                files.append(directory + name)
            }
        }
        try builder.commit("start")
        let repository = try Repository(at: builder.path)
        #expect(try Self.ourAddedLines(repository).isEmpty)

        for step in 0..<36 {
            switch Int.random(in: 0..<12, using: &random) {
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
            case 11:
                // A directory becomes a file of the same name.
                let directory = String(directories.filter { !$0.isEmpty }.randomElement(using: &random)!.dropLast())
                guard !(try builder.git(["ls-files", "--", directory])).isEmpty else { continue }
                try builder.git(["rm", "-r", "-q", "-f", "--", directory])
                files.removeAll { $0.hasPrefix(directory + "/") }
                directories.removeAll { $0.hasPrefix(directory + "/") }
                try write(builder, directory, lines: 2, random: &random)
                try builder.git(["add", "--", directory])
                files.append(directory)
            default:
                continue
            }
            let (ours, gits) = (try Self.ourAddedLines(repository), try Self.gitsAddedLines(builder))
            #expect(ours == gits, "seed \(seed), step \(step)")
            if step % 6 == 5 {
                // The hashing that lets unchanged trees be skipped makes git's own trees.
                let root = try #require(try Self.stagedRoot(builder))
                #expect(root.hex == (try builder.git(["write-tree"])), "seed \(seed), step \(step)")
            }
            if step % 12 == 11 { try builder.git(["commit", "-q", "--allow-empty", "-m", "step \(step)"]) }
        }
    }

    @Test func conflictsCaseInsensitiveIndexesAndNonUTF8PathsAreComparedInFull() throws {
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
        #expect(try Self.ourAddedLines(repository)["extra.txt"] == "1")

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
        try other.git(["config", "core.ignorecase", "true"])
        #expect(try Self.ourAddedLines(try Repository(at: other.path))["Readme"] == "2")

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
