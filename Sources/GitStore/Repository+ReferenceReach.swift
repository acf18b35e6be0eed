import Clibgit2

extension Repository {
    /// Which references reach each commit, and HEAD's line of history (see `ReferenceReach`).
    public func referenceReach() -> ReferenceReach {
        let (tips, tagged, _) = referenceTips(onMessage: nil)
        let graph = commitGraph(from: tips.map(\.commit))
        let head = tips.last { $0.name == "HEAD" }?.commit
        var taggedObjects = Set(tagged.flatMap { [$0.target, $0.introduction.id] })
        var iterator: OpaquePointer?
        if git_reference_iterator_glob_new(&iterator, handle, "refs/tags/*") == 0 {
            defer { git_reference_iterator_free(iterator) }
            var reference: OpaquePointer?
            while git_reference_next(&reference, iterator) == 0 {
                defer { git_reference_free(reference) }
                forEachAnnotatedTag(of: reference!) { _, id in taggedObjects.insert(id) }
            }
        }
        return ReferenceReach(graph: graph, tips: tips, headCommit: head, taggedObjects: taggedObjects)
    }

    /// How long HEAD's line kept the content that `commit` has at `path`: the newest commit of the
    /// line still holding it and the one that changed or removed it. Nil when `commit` is not in
    /// `reach` or has no file at `path`.
    ///
    /// The line's commits from the one that first includes `commit` are searched by bisection: it
    /// takes that once a line commit no longer holds the content, later ones do not either (content put
    /// back later counts as kept meanwhile only if the bisection happens to land after it).
    public func carriage(ofPath path: String, in commit: ObjectID, reach: ReferenceReach) -> FileCarriage? {
        guard let node = reach.index[commit], let blob = blob(atPath: path, inCommit: commit) else { return nil }
        let own = FileCarriage(lastCommit: commit, lastTime: reach.times[node], atHead: false)
        let first = Int(reach.linePosition[node])
        guard first >= 0 else { return own }
        func holds(_ place: Int) -> Bool { self.blob(atPath: path, inCommit: reach.ids[reach.line[place]]) == blob }
        let line = reach.line
        func removal(at place: Int) -> (ObjectID, Int64) { (reach.ids[line[place]], reach.times[line[place]]) }
        guard holds(first) else {
            // HEAD's line took it in by a merge that did not keep it.
            let (removedBy, removedTime) = removal(at: first)
            return FileCarriage(lastCommit: commit, lastTime: reach.times[node], removedBy: removedBy, removedTime: removedTime, atHead: false)
        }
        let last = line.count - 1
        if holds(last) {
            return FileCarriage(lastCommit: reach.ids[line[last]], lastTime: reach.times[line[last]], atHead: true)
        }
        var (low, high) = (first, last)  // holds(low), !holds(high)
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if holds(middle) { low = middle } else { high = middle }
        }
        let (removedBy, removedTime) = removal(at: high)
        return FileCarriage(
            lastCommit: reach.ids[line[low]], lastTime: reach.times[line[low]], removedBy: removedBy, removedTime: removedTime,
            atHead: false)
    }

    /// The id of the blob at `path` in the tree of `commit`; nil when there is none or it cannot be read.
    func blob(atPath path: String, inCommit commit: ObjectID) -> ObjectID? {
        var oid = commit.oid
        var object: OpaquePointer?
        guard git_commit_lookup(&object, handle, &oid) == 0, let object else { return nil }
        defer { git_commit_free(object) }
        var tree: OpaquePointer?
        guard git_commit_tree(&tree, object) == 0 else { return nil }
        defer { git_tree_free(tree) }
        var entry: OpaquePointer?
        guard git_tree_entry_bypath(&entry, tree, path) == 0 else { return nil }
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return nil }
        return ObjectID(git_tree_entry_id(entry)!.pointee)
    }
}
