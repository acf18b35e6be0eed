import Foundation
@testable import GitStore
import TestSupport
import Testing

/// The history walk skips trees it has seen at a directory and entries unchanged since the
/// directory's previous version; these tests hold it to a walk that skips nothing.
@Suite struct HistoryWalkTests {
    /// Every (blob, path) pair of every commit, from `git ls-tree -r` of each commit in the walk's
    /// own commit order: a blob's first pair is its introduction, each later new path another one.
    static func referenceInventory(_ builder: RepositoryBuilder, commits: [CommitInfo]) throws -> [String: [String]] {
        var introductions: [String: [String]] = [:]
        var seen = Set<String>()
        for (position, commit) in commits.enumerated() {
            let listing = try builder.git(["ls-tree", "-r", "-z", commit.id.hex])
            for record in listing.split(separator: "\0") {
                let parts = record.split(separator: "\t", maxSplits: 1)
                let fields = parts[0].split(separator: " ")
                guard parts.count == 2, fields.count == 3, fields[1] == "blob" else { continue }
                let blob = String(fields[2])
                let path = String(parts[1])
                guard seen.insert(blob + " " + path).inserted else { continue }
                introductions[blob, default: []].append("\(path) @\(position)")
            }
        }
        return introductions
    }

    static func walkedInventory(_ inventory: HistoryInventory) -> [String: [String]] {
        var introductions: [String: [String]] = [:]
        for blob in inventory.blobs {
            introductions[blob.blob.hex] =
                ["\(blob.path) @\(blob.commit)"] + blob.otherIntroductions.map { "\($0.path) @\($0.commit)" }
        }
        return introductions
    }

    /// Random histories: files added, edited, deleted, renamed, copied and made executable, whole
    /// directories renamed and copied, side branches merged back, contents repeated across paths.
    @Test(arguments: [1, 2, 3])
    func walkAgreesWithAWalkThatSkipsNothing(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let builder = try RepositoryBuilder()
        try builder.write("src/start.txt", "start\n")
        try builder.commit("start")
        var files = ["src/start.txt"]
        let directories = ["", "src/", "src/deep/", "docs/", "t/a/", "t/b/"]
        func content() -> String { "content \(Int.random(in: 0..<12, using: &random))\n" }
        for step in 0..<60 {
            switch Int.random(in: 0..<10, using: &random) {
            case 0...2 where files.count < 25:
                let path = directories.randomElement(using: &random)! + "f\(step).txt"
                try builder.write(path, content())
                files.append(path)
            case 3, 4 where !files.isEmpty:
                try builder.write(files.randomElement(using: &random)!, content())
            case 5 where files.count > 3:
                let path = files.remove(at: Int.random(in: 0..<files.count, using: &random))
                try builder.remove(path)
            case 6 where !files.isEmpty:
                let index = Int.random(in: 0..<files.count, using: &random)
                let target = directories.randomElement(using: &random)! + "moved\(step).txt"
                try builder.move(files[index], to: target)
                files[index] = target
            case 7 where !files.isEmpty:
                try builder.git(["update-index", "--chmod=+x", files.randomElement(using: &random)!])
                try builder.git(["commit", "-q", "--allow-empty", "-m", "chmod \(step)"])
                continue
            case 8:
                let source = builder.path + "/src"
                let copy = builder.path + "/copy\(step)"
                guard !(try builder.git(["ls-files", "src"])).isEmpty else { continue }
                if Bool.random(using: &random) {
                    try FileManager.default.copyItem(atPath: source, toPath: copy)
                } else {
                    try builder.git(["mv", "src", "copy\(step)"])
                    try builder.commit("rename src \(step)")
                    try builder.git(["mv", "copy\(step)", "src"])
                }
            case 9:
                let trunk = try builder.git(["rev-parse", "--abbrev-ref", "HEAD"])
                try builder.git(["checkout", "-q", "-b", "side\(step)"])
                try builder.write("side/s\(step).txt", content())
                try builder.write("src/f-side\(step).txt", content())
                try builder.commit("side \(step)")
                try builder.git(["checkout", "-q", trunk])
                try builder.write("main\(step).txt", content())
                try builder.commit("main \(step)")
                try builder.git(["merge", "-q", "--no-edit", "side\(step)"])
                files = try builder.git(["ls-files"]).split(separator: "\n").map(String.init)
                continue
            default:
                continue
            }
            try builder.commit("step \(step)")
            files = try builder.git(["ls-files"]).split(separator: "\n").map(String.init)
        }
        let inventory = try Repository(at: builder.path).historyInventory()
        #expect(inventory.skipped.isEmpty)
        #expect(inventory.commits.count > 30)
        let walked = Self.walkedInventory(inventory)
        let reference = try Self.referenceInventory(builder, commits: inventory.commits)
        #expect(walked.count == reference.count)
        for (blob, expected) in reference {
            #expect(walked[blob] == expected, "blob \(blob)")
        }
    }

    @Test func aMalformedTreeIsSkippedAndNamed() throws {
        let builder = try RepositoryBuilder()
        try builder.write("good.txt", "good\n")
        try builder.commit("good")
        // A tree whose only entry has no object id after its name.
        let broken = try builder.git(["hash-object", "-t", "tree", "-w", "--literally", "--stdin"], input: "100644 bad.txt")
        let commit = try builder.git(["commit-tree", broken, "-p", "HEAD", "-m", "broken"])
        try builder.git(["update-ref", "refs/heads/broken", commit])
        let inventory = try Repository(at: builder.path).historyInventory()
        #expect(inventory.blobs.map(\.path) == ["good.txt"])
        #expect(inventory.skipped.map(\.subject) == [broken])
        #expect(inventory.skipped.first?.reason.contains("malformed tree entry") == true)
    }

    @Test func tableFindsEveryKeyThroughGrowthAndKeepsTheFirstValue() {
        var table = ObjectIDTable(capacity: 4)
        let ids = (0..<5_000).map { number in ObjectID(hex: String(format: "%040x", number * 7_919))! }
        for (index, id) in ids.enumerated() {
            let stored = table.insert(id, value: index, tag: UInt64(index) * 3)
            #expect(stored)
        }
        let storedAgain = table.insert(ids[17], value: 99)
        #expect(!storedAgain)
        #expect(table.count == ids.count)
        for (index, id) in ids.enumerated() {
            let entry = table.entry(for: id)
            #expect(entry?.value == index && entry?.tag == UInt64(index) * 3)
        }
        #expect(!table.contains(ObjectID(hex: String(repeating: "f", count: 40))!))
    }

    @Test func pathHashesDependOnEveryByteAndOnWhereTheSeparatorsAre() {
        let hasher = PathHasher()
        func hash(_ path: String) -> UInt64 {
            var components = path.split(separator: "/", omittingEmptySubsequences: false).map { Array($0.utf8) }
            let name = components.removeLast()
            var state = hasher.root
            for directory in components { state = directory.withUnsafeBytes { hasher.directory($0, in: state) } }
            return name.withUnsafeBytes { hasher.path($0, in: state) }
        }
        let paths = [
            "a", "b", "ab", "a/b", "abcdefgh", "abcdefgh/i", "abcdefghi", "abcdefg/hi", "src/main.swift",
            "src/main.swiFt", "src/deep/main.swift", "srcdeep/main.swift", "a/b/c", "a/bc", "ab/c",
        ]
        #expect(Set(paths.map(hash)).count == paths.count)
        #expect(hash("src/deep/main.swift") == hash("src/deep/main.swift"))
    }

    @Test func packOrderFollowsPackOffsetsAndPutsLooseObjectsLast() throws {
        let builder = try RepositoryBuilder()
        for index in 0..<30 {
            try builder.write("f\(index % 7).txt", String(repeating: "line \(index)\n", count: 50 + index))
            try builder.commit("c\(index)")
        }
        try builder.git(["repack", "-a", "-d", "-q"])
        try builder.write("loose.txt", "not packed yet\n")
        try builder.commit("loose")
        let repository = try Repository(at: builder.path)
        let blobs = try repository.historyInventory().blobs.map(\.blob)
        let order = repository.packOrder(of: blobs)
        #expect(order.sorted() == Array(blobs.indices))
        let pack = try #require(
            try FileManager.default.contentsOfDirectory(atPath: builder.path + "/.git/objects/pack").first { $0.hasSuffix(".idx") })
        var offsets: [String: Int] = [:]
        for line in try builder.git(["verify-pack", "-v", builder.path + "/.git/objects/pack/" + pack]).split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count >= 5, fields[1] == "blob", let offset = Int(fields[4]) { offsets[String(fields[0])] = offset }
        }
        let packed = order.map { blobs[$0].hex }.prefix { offsets[$0] != nil }
        #expect(packed.count == blobs.count - 1)
        #expect(packed.map { offsets[$0]! } == packed.map { offsets[$0]! }.sorted())
        #expect(blobs[order.last!].hex == (try builder.git(["rev-parse", "HEAD:loose.txt"])))
    }
}
