import Clibgit2

extension Repository {
    /// Walks every commit reachable from every reference (branches, tags, remote-tracking branches,
    /// the stash, a detached HEAD) oldest first, reading each distinct tree once, and lists every
    /// blob reachable from them with the first commit and path that introduced it.
    ///
    /// Reading each tree once per directory it appears at is what makes this fast: a tree already
    /// seen there holds only blobs already attributed (a directory renamed or copied is visited again
    /// at its new path, so that its files' new paths are attributed too). Objects that cannot be read
    /// are listed in `skipped` and the walk goes on.
    ///
    /// - Parameter onNewBlob: called, on this thread, for each blob the moment it is first met, with
    ///   its index in `blobs` and the commit introducing it (a history scan reads it meanwhile).
    ///   Later paths of the same blob are only in the returned inventory.
    /// - Parameter onMessage: called, on this thread, with each commit's and annotated tag's message.
    /// - Parameter includingUnreachable: also walk what no reference reaches (unreachable commits as
    ///   if a branch held them, then trees and blobs none of them holds, each attributed to itself);
    ///   without it they are only counted.
    public func historyInventory(
        onNewBlob: ((_ blob: BlobIntroduction, _ index: Int, _ commit: CommitInfo) -> Void)? = nil,
        onMessage: ((HistoryMessage) -> Void)? = nil, includingUnreachable: Bool = false
    ) throws(GitError) -> HistoryInventory {
        var inventory = HistoryInventory()
        let (order, tagged, skipped) = commitsOldestFirst(onMessage: onMessage)
        inventory.skipped += skipped
        var walker = TreeWalker(database: try database())
        walker.onNewBlob = onNewBlob
        for (info, tree) in order {
            walker.commit = walker.inventory.commits.count
            walker.inventory.commits.append(info)
            walker.visitRoot(tree)
        }
        // What tags of trees and blobs hold, after all commits: content a commit also has keeps
        // that commit as its introduction.
        for object in tagged {
            walker.commit = walker.inventory.commits.count
            walker.inventory.commits.append(object.introduction)
            walker.inventory.taggedObjects += 1
            if object.isTree {
                walker.visitRoot(object.target)
            } else {
                walker.recordTagged(blob: object.target, reference: object.reference)
            }
        }
        let reachableCommits = Set(order.map(\.info.id))
        let unreachable = try unreachableObjects { reachableCommits.contains($0) || walker.hasSeen($0) }
        inventory.unreachableObjects = unreachable.count
        if includingUnreachable && unreachable.count > 0 {
            inventory.unreachableScanned = true
            let commits = unreachable.commits.compactMap(commit).sorted { ($0.info.authorTime, $0.info.id) < ($1.info.authorTime, $1.info.id) }
            for (found, tree, message) in commits {
                var info = found
                info.isUnreachable = true
                onMessage?(HistoryMessage(kind: .commit, bytes: message, owner: info))
                walker.commit = walker.inventory.commits.count
                walker.inventory.commits.append(info)
                walker.visitRoot(tree)
            }
            for tag in unreachable.tags {
                if let message = self.message(of: tag) {
                    onMessage?(HistoryMessage(kind: .tag(name: "unreachable " + tag.hex.prefix(12)), bytes: message, owner: Self.unreachable(tag)))
                }
            }
            for tree in unreachable.trees where !walker.hasSeen(tree) {
                walker.commit = walker.inventory.commits.count
                walker.inventory.commits.append(Self.unreachable(tree))
                walker.visitRoot(tree)
            }
            for blob in unreachable.blobs where !walker.hasSeen(blob) {
                walker.commit = walker.inventory.commits.count
                walker.inventory.commits.append(Self.unreachable(blob))
                walker.recordTagged(blob: blob, reference: "(unreachable blob \(blob.hex.prefix(12)))")
            }
        }
        inventory.commits = walker.inventory.commits
        inventory.taggedObjects = walker.inventory.taggedObjects
        inventory.blobs = walker.inventory.blobs
        inventory.skipped += walker.inventory.skipped
        inventory.submodulePaths = walker.inventory.submodulePaths
        return inventory
    }

    /// What a finding in an object no commit holds is attributed to: the object itself.
    static func unreachable(_ id: ObjectID) -> CommitInfo {
        var info = CommitInfo(id: id, authorName: "", authorEmail: "", authorTime: 0, authorOffsetMinutes: 0, summary: "unreachable object")
        info.isUnreachable = true
        return info
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
