import Clibgit2

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Repository {
    /// Walks every commit reachable from every reference (branches, tags, remote-tracking branches,
    /// the stash, a detached HEAD) oldest first, reading each distinct tree once, and lists every
    /// blob reachable from them with the first commit and path that introduced it.
    ///
    /// Reading each tree once is what makes this fast: a tree already seen holds only blobs already
    /// attributed. Objects that cannot be read are listed in `skipped` and the walk goes on.
    ///
    /// - Parameter onNewBlob: called, on this thread, for each blob the moment it is first met, with
    ///   its index in `blobs` and the id of the commit introducing it (a progress line counts them).
    ///   Later paths of the same blob are only in the returned inventory.
    public func historyInventory(
        onNewBlob: ((_ blob: BlobIntroduction, _ index: Int, _ commit: ObjectID) -> Void)? = nil
    ) throws(GitError) -> HistoryInventory {
        var inventory = HistoryInventory()
        let (order, skipped) = commitsOldestFirst()
        inventory.skipped += skipped
        var walker = TreeWalker(repository: handle)
        walker.onNewBlob = onNewBlob
        for commitID in order {
            var oid = commitID.oid
            var commit: OpaquePointer?
            guard git_commit_lookup(&commit, handle, &oid) == 0 else {
                let error = LibGit2.lastError(code: -1, operation: "read commit \(commitID)")
                walker.inventory.skipped.append(SkippedObject(subject: commitID.hex, reason: error.message))
                continue
            }
            defer { git_commit_free(commit) }
            walker.commit = walker.inventory.commits.count
            walker.commitID = commitID
            walker.inventory.commits.append(Self.commitInfo(commit!, id: commitID))
            guard let treeID = git_commit_tree_id(commit) else { continue }
            walker.visit(tree: treeID.pointee, prefix: [], prefixState: walker.pathHasher.root)
        }
        inventory.commits = walker.inventory.commits
        inventory.blobs = walker.inventory.blobs
        inventory.skipped += walker.inventory.skipped
        inventory.submodulePaths = walker.inventory.submodulePaths
        return inventory
    }

    static func commitInfo(_ commit: OpaquePointer, id: ObjectID) -> CommitInfo {
        let author = git_commit_author(commit)
        let name = author?.pointee.name.map { String(cString: $0) } ?? ""
        let email = author?.pointee.email.map { String(cString: $0) } ?? ""
        let time = author?.pointee.when.time ?? 0
        let offset = Int(author?.pointee.when.offset ?? 0)
        let summary = git_commit_summary(commit).map { String(cString: $0) } ?? ""
        return CommitInfo(
            id: id, authorName: name, authorEmail: email, authorTime: time, authorOffsetMinutes: offset,
            summary: summary)
    }
}

/// Descends into the trees of each commit that have not been seen before. One walker lives for the
/// whole walk so its sets grow in place (never copied per commit).
private struct TreeWalker {
    let repository: OpaquePointer
    var commit = 0
    var commitID: ObjectID?
    var onNewBlob: ((BlobIntroduction, Int, ObjectID) -> Void)?
    var seenTrees = ObjectIDTable()
    /// Each blob seen, with its index in `inventory.blobs` and the hash of its first path.
    var seenBlobs = ObjectIDTable()
    /// Paths at which each blob (by index) was already recorded, beyond its first.
    var seenPaths = Set<BlobPath>()
    let pathHasher = PathHasher()
    var inventory = HistoryInventory()

    struct BlobPath: Hashable {
        var blob: Int
        var path: [UInt8]
    }

    init(repository: OpaquePointer) {
        self.repository = repository
    }

    static func join(_ prefix: [UInt8], _ name: UnsafeRawBufferPointer) -> [UInt8] {
        var path = [UInt8]()
        path.reserveCapacity(prefix.count + 1 + name.count)
        path += prefix
        if !prefix.isEmpty { path.append(0x2F) }
        path += name
        return path
    }

    /// Visits a tree never seen before at `prefix`, whose `PathHasher` state is `prefixState`.
    mutating func visit(tree oid: git_oid, prefix: [UInt8], prefixState: UInt64) {
        let id = ObjectID(oid)
        guard seenTrees.insert(id) else { return }
        var oid = oid
        var tree: OpaquePointer?
        guard git_tree_lookup(&tree, repository, &oid) == 0 else {
            let error = LibGit2.lastError(code: -1, operation: "read tree \(id)")
            inventory.skipped.append(SkippedObject(subject: id.hex, reason: error.message))
            return
        }
        defer { git_tree_free(tree) }
        for position in 0..<git_tree_entrycount(tree) {
            guard let entry = git_tree_entry_byindex(tree, position), let name = git_tree_entry_name(entry) else {
                continue
            }
            let nameBytes = UnsafeRawBufferPointer(start: name, count: strlen(name))
            let entryID = git_tree_entry_id(entry)!.pointee
            // Most entries of a new tree are unchanged: they are recognised without building their path.
            switch git_tree_entry_type(entry) {
            case GIT_OBJECT_TREE:
                if seenTrees.contains(ObjectID(entryID)) { continue }
                visit(
                    tree: entryID, prefix: Self.join(prefix, nameBytes),
                    prefixState: pathHasher.directory(nameBytes, in: prefixState))
            case GIT_OBJECT_BLOB:
                let blob = ObjectID(entryID)
                let pathHash = pathHasher.path(nameBytes, in: prefixState)
                if let seen = seenBlobs.entry(for: blob) {
                    if seen.tag == pathHash { continue }
                    let index = seen.value
                    // The same content at another path (a copy, a rename): scanned once, but the
                    // commit that put it at this path is recorded too.
                    let path = Self.join(prefix, nameBytes)
                    if seenPaths.insert(BlobPath(blob: index, path: path)).inserted {
                        inventory.blobs[index].otherIntroductions.append(
                            PathIntroduction(path: String(decoding: path, as: UTF8.self), commit: commit))
                    }
                } else {
                    let path = Self.join(prefix, nameBytes)
                    let introduction = BlobIntroduction(blob: blob, path: String(decoding: path, as: UTF8.self), commit: commit)
                    seenBlobs.insert(blob, value: inventory.blobs.count, tag: pathHash)
                    inventory.blobs.append(introduction)
                    if let onNewBlob, let commitID { onNewBlob(introduction, inventory.blobs.count - 1, commitID) }
                }
            case GIT_OBJECT_COMMIT:
                inventory.submodulePaths.insert(String(decoding: Self.join(prefix, nameBytes), as: UTF8.self))
            default:
                continue
            }
        }
    }
}
