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
    public func historyInventory(
        onNewBlob: ((_ blob: BlobIntroduction, _ index: Int, _ commit: CommitInfo) -> Void)? = nil,
        onMessage: ((HistoryMessage) -> Void)? = nil
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
        inventory.commits = walker.inventory.commits
        inventory.taggedObjects = walker.inventory.taggedObjects
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
