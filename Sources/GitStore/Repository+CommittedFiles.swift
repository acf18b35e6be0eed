import Clibgit2

extension Repository {
    /// A file as one commit holds it: the blob's id and its bytes.
    public struct CommittedFile: Sendable, Equatable {
        public var blob: ObjectID
        public var bytes: [UInt8]
    }

    /// The file at `path` (relative to the repository root, `/`-separated) in the tree of the commit
    /// `revision` names; nil when that commit has no such file or it is not a regular file.
    /// A file larger than `limit` bytes is an error, not read.
    /// - Throws: `GitError` when the revision does not name a commit or the blob cannot be read.
    public func committedFile(_ path: String, at revision: String, limit: Int = 16 << 20) throws(GitError) -> CommittedFile? {
        var commit: OpaquePointer?
        try LibGit2.check(git_revparse_single(&commit, handle, revision + "^{commit}"), "resolve \(revision)")
        defer { git_object_free(commit) }
        var tree: OpaquePointer?
        try LibGit2.check(git_commit_tree(&tree, commit), "read the tree of \(revision)")
        defer { git_tree_free(tree) }
        var entry: OpaquePointer?
        let status = git_tree_entry_bypath(&entry, tree, path)
        if status == GIT_ENOTFOUND.rawValue { return nil }
        try LibGit2.check(status, "find \(path) in \(revision)")
        defer { git_tree_entry_free(entry) }
        let mode = git_tree_entry_filemode(entry)
        guard mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE else { return nil }
        let id = ObjectID(git_tree_entry_id(entry)!.pointee)
        guard try blobSize(id) <= limit else {
            throw GitError(code: -1, message: "larger than \(limit) bytes", operation: "read \(path) in \(revision)")
        }
        var oid = id.oid
        var object: OpaquePointer?
        try LibGit2.check(git_odb_read(&object, try database(), &oid), "read \(path) in \(revision)")
        defer { git_odb_object_free(object) }
        let size = git_odb_object_size(object)
        let bytes = git_odb_object_data(object).map { Array(UnsafeRawBufferPointer(start: $0, count: size)) } ?? []
        return CommittedFile(blob: id, bytes: bytes)
    }

    /// The tip of `remote`'s default branch as this clone knows it: what `refs/remotes/REMOTE/HEAD`
    /// points at, else its `main` or `master`; nil when the clone has none of them.
    public func defaultBranchTip(ofRemote remote: String) -> ObjectID? {
        for name in ["refs/remotes/\(remote)/HEAD", "refs/remotes/\(remote)/main", "refs/remotes/\(remote)/master"] {
            if let id = try? resolveCommit(name) { return id }
        }
        return nil
    }
}
