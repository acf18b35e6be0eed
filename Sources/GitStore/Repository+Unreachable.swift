import Clibgit2

extension Repository {
    /// The objects in the object database that no reference, stash entry or HEAD reaches (what `git
    /// fsck --unreachable` lists): a commit amended away, a dropped stash, a deleted branch's work
    /// before gc. Alternates are included (libgit2 enumerates them with the rest).
    struct UnreachableObjects {
        var commits: [ObjectID] = []
        var trees: [ObjectID] = []
        var blobs: [ObjectID] = []
        var tags: [ObjectID] = []
        var count: Int { commits.count + trees.count + blobs.count + tags.count }
    }

    /// Every object `isReachable` does not claim, by type. Only those are read (a header each).
    func unreachableObjects(isReachable: (ObjectID) -> Bool) throws(GitError) -> UnreachableObjects {
        final class Collected {
            var ids: [ObjectID] = []
        }
        let collected = Collected()
        let database = try database()
        let status = withExtendedLifetime(collected) {
            git_odb_foreach(database, { oid, payload in
                guard let oid, let payload else { return 0 }
                Unmanaged<Collected>.fromOpaque(payload).takeUnretainedValue().ids.append(ObjectID(oid.pointee))
                return 0
            }, Unmanaged.passUnretained(collected).toOpaque())
        }
        try LibGit2.check(status, "list the objects of the object database")
        let tagIDs = annotatedTagIDs()
        var result = UnreachableObjects()
        var seen = Set<ObjectID>()
        for id in collected.ids where !isReachable(id) && !tagIDs.contains(id) && seen.insert(id).inserted {
            var oid = id.oid
            var size = 0
            var type = GIT_OBJECT_ANY
            guard git_odb_read_header(&size, &type, database, &oid) == 0 else { continue }
            switch type {
            case GIT_OBJECT_COMMIT: result.commits.append(id)
            case GIT_OBJECT_TREE: result.trees.append(id)
            case GIT_OBJECT_BLOB: result.blobs.append(id)
            case GIT_OBJECT_TAG: result.tags.append(id)
            default: break
            }
        }
        return result
    }

    /// The annotated tag objects the references name, tags of tags included.
    private func annotatedTagIDs() -> Set<ObjectID> {
        var ids = Set<ObjectID>()
        var iterator: OpaquePointer?
        guard git_reference_iterator_glob_new(&iterator, handle, "refs/*") == 0 else { return ids }
        defer { git_reference_iterator_free(iterator) }
        var reference: OpaquePointer?
        while git_reference_next(&reference, iterator) == 0 {
            defer { git_reference_free(reference) }
            forEachAnnotatedTag(of: reference!) { _, id in ids.insert(id) }
        }
        return ids
    }

    /// A commit's facts and root tree; nil when it cannot be read.
    func commit(_ id: ObjectID) -> (info: CommitInfo, tree: ObjectID, message: [UInt8])? {
        var oid = id.oid
        var commit: OpaquePointer?
        guard git_commit_lookup(&commit, handle, &oid) == 0, let commit else { return nil }
        defer { git_commit_free(commit) }
        return (Self.commitInfo(commit, id: id), ObjectID(git_commit_tree_id(commit)!.pointee), git_commit_message_raw(commit).map(Self.bytes) ?? [])
    }
}
