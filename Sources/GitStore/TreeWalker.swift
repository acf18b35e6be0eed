/// Descends into the trees of each commit that have not been seen before at their directory, and
/// records each blob's first commit and path, and each later path it appears at. One walker lives
/// for the whole walk so its tables grow in place (never copied per commit).
///
/// A tree new to a directory is mostly the previous version of that directory with an entry or two
/// changed. Its entries are compared, in tree order, with the previous version's bytes: an entry
/// identical there (same name, mode and id) was handled when that version was visited, and is
/// passed over without a table lookup. Only the changed entries are looked up. On git/git this
/// leaves a few hundred thousand lookups out of tens of millions of entries.
struct TreeWalker {
    let database: OpaquePointer
    var commit = 0
    var onNewBlob: ((BlobIntroduction, Int, CommitInfo) -> Void)?
    /// Each tree visited, tagged with the path hash state of the directory it was first visited at.
    private var seenTrees = ObjectIDTable()
    /// Trees visited again at another directory (a directory renamed or copied).
    private var treesAtOtherDirectories = Set<TreeAtDirectory>()
    /// Each blob seen, with its index in `inventory.blobs` and the hash of its first path.
    private var seenBlobs = ObjectIDTable()
    /// Paths at which each blob (by index) was already recorded, beyond its first.
    private var seenPaths = Set<BlobPath>()
    /// The latest version visited of each directory, by its path hash state.
    private var latestVersions: [UInt64: RawTree] = [:]
    let pathHasher = PathHasher()
    var inventory = HistoryInventory()

    private struct BlobPath: Hashable {
        var blob: Int
        var path: [UInt8]
    }

    private struct TreeAtDirectory: Hashable {
        var tree: ObjectID
        var directory: UInt64
    }

    init(database: OpaquePointer) {
        self.database = database
    }

    /// Visits a commit's root tree unless it was visited before.
    /// Whether the walk has met this tree or blob (at any path).
    func hasSeen(_ id: ObjectID) -> Bool { seenTrees.contains(id) || seenBlobs.contains(id) }

    mutating func visitRoot(_ tree: ObjectID) {
        if isFirstVisit(of: tree, at: pathHasher.root) { visit(tree: tree, directory: pathHasher.root) }
    }

    /// A tree being read: where its walk stands, so that a subtree can be visited before the rest of
    /// its entries, the way a recursive walk would, without the call stack's depth limit.
    private struct Frame {
        var tree: RawTree
        var previous: RawTree?
        var offset = 0
        var previousOffset = 0
        /// The directory's path hash state.
        var directory: UInt64
        /// The length of the directory's path in `path` (0 at the root).
        var pathLength: Int
    }

    /// Appends `/name` (or `name` at the root) to `path`.
    private static func append(_ name: UnsafeRawBufferPointer, to path: inout [UInt8]) {
        if !path.isEmpty { path.append(0x2F) }
        path.append(contentsOf: name)
    }

    /// Records that `tree` is visited at `directory`; false when it was visited there before.
    private mutating func isFirstVisit(of tree: ObjectID, at directory: UInt64) -> Bool {
        if let seen = seenTrees.entry(for: tree) {
            if seen.tag == directory { return false }
            return treesAtOtherDirectories.insert(TreeAtDirectory(tree: tree, directory: directory)).inserted
        }
        seenTrees.insert(tree, tag: directory)
        return true
    }

    /// Visits a tree and, depth first, every subtree new to its directory. Trees are read with an
    /// explicit stack of frames and one path buffer: a tree nested a hundred thousand directories
    /// deep costs memory in proportion to its depth, never the call stack.
    private mutating func visit(tree id: ObjectID, directory: UInt64) {
        var path: [UInt8] = []
        var frames: [Frame] = []
        if let frame = open(id, directory: directory, pathLength: 0) { frames.append(frame) }
        while var frame = frames.popLast() {
            path.removeSubrange(frame.pathLength...)
            do {
                while let entry = try frame.tree.entry(at: frame.offset) {
                    frame.offset = entry.record.upperBound
                    if let previous = frame.previous,
                        Self.isUnchanged(entry, of: frame.tree, in: previous, from: &frame.previousOffset)
                    {
                        continue
                    }
                    if entry.isTree {
                        let child = pathHasher.directory(entry.name, in: frame.directory)
                        guard isFirstVisit(of: entry.id, at: child) else { continue }
                        Self.append(entry.name, to: &path)
                        guard let childFrame = open(entry.id, directory: child, pathLength: path.count) else {
                            path.removeSubrange(frame.pathLength...)
                            continue
                        }
                        // The rest of this tree waits under its subtree.
                        frames.append(frame)
                        frames.append(childFrame)
                        break
                    } else if entry.isSubmodule {
                        var submodule = Array(path[..<frame.pathLength])
                        Self.append(entry.name, to: &submodule)
                        inventory.submodulePaths.insert(String(decoding: submodule, as: UTF8.self))
                    } else {
                        record(blob: entry.id, name: entry.name, prefix: path[..<frame.pathLength], directory: frame.directory)
                    }
                }
            } catch {
                inventory.skipped.append(SkippedObject(subject: frame.tree.id.hex, reason: error.message))
            }
        }
    }

    /// Reads a tree about to be visited and makes it its directory's latest version; nil (the tree
    /// recorded as skipped) when it cannot be read.
    private mutating func open(_ id: ObjectID, directory: UInt64, pathLength: Int) -> Frame? {
        let tree: RawTree
        do {
            tree = try RawTree(reading: id, from: database)
        } catch {
            inventory.skipped.append(SkippedObject(subject: id.hex, reason: error.message))
            return nil
        }
        let previous = latestVersions.updateValue(tree, forKey: directory)
        return Frame(tree: tree, previous: previous, directory: directory, pathLength: pathLength)
    }

    /// Whether `entry` of `tree` is byte for byte an entry of `previous`, the directory's previous
    /// version. Both are in tree order, so `previousOffset` only moves forward; an entry not found
    /// (or a malformed previous version) only means the entry is looked up the slow way.
    private static func isUnchanged(
        _ entry: RawTree.Entry, of tree: RawTree, in previous: RawTree, from previousOffset: inout Int
    ) -> Bool {
        while let old = try? previous.entry(at: previousOffset) {
            if tree.has(entry.record, equalTo: old, of: previous) {
                previousOffset = old.record.upperBound
                return true
            }
            let order = RawTree.order(old, entry)
            if order > 0 { return false }
            previousOffset = old.record.upperBound
            if order == 0 { return false }
        }
        return false
    }

    /// Records a blob a tag points at, its reference name standing for its path.
    mutating func recordTagged(blob: ObjectID, reference: String) {
        Array(reference.utf8).withUnsafeBytes { record(blob: blob, name: $0, prefix: ArraySlice<UInt8>(), directory: pathHasher.root) }
    }

    private mutating func record(blob: ObjectID, name: UnsafeRawBufferPointer, prefix: ArraySlice<UInt8>, directory: UInt64) {
        let pathHash = pathHasher.path(name, in: directory)
        if let seen = seenBlobs.entry(for: blob) {
            if seen.tag == pathHash { return }
            // The same content at another path (a copy, a rename): scanned once, but the commit that
            // put it at this path is recorded too.
            var path = Array(prefix)
            Self.append(name, to: &path)
            if seenPaths.insert(BlobPath(blob: seen.value, path: path)).inserted {
                inventory.blobs[seen.value].otherIntroductions.append(
                    PathIntroduction(path: String(decoding: path, as: UTF8.self), commit: commit))
            }
        } else {
            var path = Array(prefix)
            Self.append(name, to: &path)
            let introduction = BlobIntroduction(blob: blob, path: String(decoding: path, as: UTF8.self), commit: commit)
            seenBlobs.insert(blob, value: inventory.blobs.count, tag: pathHash)
            inventory.blobs.append(introduction)
            onNewBlob?(introduction, inventory.blobs.count - 1, inventory.commits[commit])
        }
    }
}
