import Foundation
import GitStore
import TestSupport
import Testing

@Suite struct RepositoryTests {
    @Test func objectIDRoundTripsThroughHex() throws {
        let hex = "0123456789abcdef0123456789abcdef01234567"
        #expect(ObjectID(hex: hex)?.hex == hex)
        #expect(ObjectID(hex: "xyz") == nil)
        #expect(ObjectID(hex: String(hex.dropLast())) == nil)
    }

    @Test func historyInventoryListsEachBlobOnceWithItsFirstCommitAndPath() throws {
        let builder = try RepositoryBuilder()
        try builder.write("a.txt", "one\n")
        let first = try builder.commit("first", author: .alice)
        try builder.write("b/c.txt", "two\n")
        try builder.write("b/copy.txt", "one\n")
        let second = try builder.commit("second", author: .bob)
        try builder.git(["checkout", "-q", "-b", "side"])
        try builder.write("side.txt", "three\n")
        try builder.commit("side")
        let repository = try Repository(discoveringFrom: builder.path + "/b")
        let inventory = try repository.historyInventory()
        #expect(inventory.commits.count == 3)
        #expect(inventory.blobs.count == 3)
        let byPath = Dictionary(uniqueKeysWithValues: inventory.blobs.map { ($0.path, inventory.commits[$0.commit]) })
        #expect(byPath["a.txt"]?.id.hex == first)
        #expect(byPath["b/c.txt"]?.id.hex == second)
        #expect(byPath["b/c.txt"]?.authorEmail == "bob@example.com")
        #expect(byPath["b/copy.txt"] == nil)
        #expect(byPath["side.txt"] != nil)
        #expect(inventory.skipped.isEmpty)
    }

    @Test func readsBlobsAndKnowsIgnoredAndTrackedPaths() throws {
        let builder = try RepositoryBuilder()
        try builder.write(".gitignore", "*.log\n")
        try builder.write("keep.log", "kept\n")
        try builder.git(["add", "-f", "keep.log"])
        try builder.commit("init")
        let repository = try Repository(discoveringFrom: builder.path)
        #expect(repository.isIgnored("x.log"))
        #expect(!repository.isIgnored("x.txt"))
        #expect(repository.isTracked("keep.log"))
        #expect(!repository.isTracked("x.log"))
        let blob = try #require(try repository.historyInventory().blobs.first { $0.path == "keep.log" })
        let text = try repository.withBlob(blob.blob) { String(decoding: $0, as: UTF8.self) }
        #expect(text == "kept\n")
        #expect(try repository.blobSize(blob.blob) == 5)
    }

    @Test func missingRepositoryAndUnbornHeadAreReported() throws {
        let directory = try TemporaryDirectory("none")
        #expect(throws: GitError.self) { try Repository(at: directory.path) }
        let builder = try RepositoryBuilder()
        let repository = try Repository(discoveringFrom: builder.path)
        #expect(repository.isHeadUnborn)
        #expect(try repository.historyInventory().blobs.isEmpty)
    }
}
