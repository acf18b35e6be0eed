/// Every blob reachable from the repository's references, each once, attributed to the first commit
/// (oldest first, parents before children) and path that brought it in.
public struct HistoryInventory: Sendable {
    public var commits: [CommitInfo] = []
    public var blobs: [BlobIntroduction] = []
    /// Trees, commits or references that could not be read; what they held is missing from `blobs`.
    public var skipped: [SkippedObject] = []
    /// Submodule entries (gitlinks) met in trees: their content lives in another repository.
    public var submodulePaths: Set<String> = []
    /// Of `commits`, the last this many stand for tags of trees and blobs, not commits.
    public var taggedObjects = 0
    /// Objects no reference reaches: how many there were, and whether they were walked too
    /// (`includingUnreachable`; their commits, and for trees and blobs no unreachable commit holds
    /// the objects themselves, are then at the end of `commits`).
    public var unreachableObjects = 0
    public var unreachableScanned = false

    public init() {}
}

extension HistoryInventory {
    /// Only the blobs at `indices` (in their order) and the commits they name, renumbered; nothing
    /// skipped, no submodules.
    public func keeping(_ indices: Set<Int>) -> HistoryInventory {
        var reduced = HistoryInventory()
        var renumbered: [Int: Int] = [:]
        func commit(_ old: Int) -> Int {
            if let new = renumbered[old] { return new }
            renumbered[old] = reduced.commits.count
            reduced.commits.append(commits[old])
            return reduced.commits.count - 1
        }
        for index in indices.sorted() {
            let blob = blobs[index]
            var kept = BlobIntroduction(blob: blob.blob, path: blob.path, commit: commit(blob.commit))
            kept.otherIntroductions = blob.otherIntroductions.map { PathIntroduction(path: $0.path, commit: commit($0.commit)) }
            reduced.blobs.append(kept)
        }
        return reduced
    }
}
