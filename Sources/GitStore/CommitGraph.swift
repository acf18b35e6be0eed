import Clibgit2

/// The commits reachable from a set of tips, as nodes numbered in the order they were read, each with
/// the nodes of its parents: what both the history walk and the reference reach are computed on.
struct CommitGraph {
    var ids: [ObjectID] = []
    var index: [ObjectID: Int] = [:]
    /// The parents of each node that are in the graph (a parent behind a shallow boundary is not).
    var parents: [[Int]] = []
    /// Commit time of each node.
    var times: [Int64] = []
    /// Tips that could not be read, and missing parents (other than behind a shallow boundary).
    var skipped: [SkippedObject] = []

    var count: Int { ids.count }

    /// Each node's children, from `parents`.
    func children() -> [[Int]] {
        var children = [[Int]](repeating: [], count: count)
        for (child, own) in parents.enumerated() { for parent in own { children[parent].append(child) } }
        return children
    }
}

extension Repository {
    /// Reads every commit reachable from `tips` once, depth first, giving each to `visit` (with its
    /// node number) as it is read. A tip that cannot be read is listed in `skipped`; so is a missing
    /// parent, unless a shallow boundary explains it.
    ///
    /// This walks the graph itself rather than with `git_revwalk`, which in libgit2 1.5 fails at the
    /// boundary of a shallow clone: here a parent missing behind a shallow boundary simply ends the walk
    /// there.
    func commitGraph(from tips: [ObjectID], visit: (_ commit: OpaquePointer, _ id: ObjectID, _ node: Int) -> Void = { _, _, _ in }) -> CommitGraph {
        var graph = CommitGraph()
        var parentIDs: [[ObjectID]] = []
        let shallow = shallowBoundary()

        func add(_ id: ObjectID) -> Int? {
            if let known = graph.index[id] { return known }
            var oid = id.oid
            var commit: OpaquePointer?
            guard git_commit_lookup(&commit, handle, &oid) == 0, let commit else { return nil }
            defer { git_commit_free(commit) }
            let node = graph.ids.count
            graph.index[id] = node
            graph.ids.append(id)
            graph.times.append(git_commit_time(commit))
            parentIDs.append((0..<git_commit_parentcount(commit)).compactMap { position in
                git_commit_parent_id(commit, position).map { ObjectID($0.pointee) }
            })
            visit(commit, id, node)
            return node
        }

        var stack: [Int] = []
        for tip in tips {
            guard graph.index[tip] == nil else { continue }
            if let node = add(tip) {
                stack.append(node)
            } else {
                graph.skipped.append(SkippedObject(subject: tip.hex, reason: "a reference points at a commit that cannot be read"))
            }
        }
        while let node = stack.popLast() {
            for parent in parentIDs[node] {
                if graph.index[parent] != nil { continue }
                if let added = add(parent) {
                    stack.append(added)
                } else if !shallow.contains(graph.ids[node]) {
                    graph.skipped.append(SkippedObject(subject: parent.hex, reason: "parent of \(graph.ids[node].hex) is missing from the object database"))
                }
            }
        }
        graph.parents = parentIDs.map { $0.compactMap { graph.index[$0] } }
        return graph
    }

    /// The commits at the boundary of a shallow clone, whose parents are absent by design.
    func shallowBoundary() -> Set<ObjectID> {
        guard isShallow else { return [] }
        let path = String(cString: git_repository_commondir(handle)) + "shallow"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return Set(text.split(whereSeparator: \.isNewline).compactMap { ObjectID(hex: String($0)) })
    }
}
