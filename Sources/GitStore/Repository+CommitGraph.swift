import Clibgit2
import Foundation

extension Repository {
    /// Every commit reachable from every reference (and a detached HEAD), parents before children and
    /// otherwise oldest first, with its facts and its root tree: each commit is read once, here.
    ///
    /// `onMessage` is given each commit's message as the commit is read, and each annotated tag's, on
    /// this thread (a history scan reads them meanwhile); nothing is kept.
    func commitsOldestFirst(
        onMessage: ((HistoryMessage) -> Void)? = nil
    ) -> (commits: [(info: CommitInfo, tree: ObjectID)], tagged: [TaggedObject], skipped: [SkippedObject]) {
        var commits: [(info: CommitInfo, tree: ObjectID)] = []
        let (tips, tagged, unreadable) = referenceTips(onMessage: onMessage)
        let graph = commitGraph(from: tips.map(\.commit)) { commit, id, _ in
            let info = Self.commitInfo(commit, id: id)
            commits.append((info, ObjectID(git_commit_tree_id(commit)!.pointee)))
            if let onMessage, let raw = git_commit_message_raw(commit) {
                onMessage(HistoryMessage(kind: .commit, bytes: Self.bytes(raw), owner: info))
            }
        }

        // Generation numbers (Kahn's algorithm): a parent's is always lower than its children's, so
        // sorting by generation, then time, lists parents first and otherwise oldest first.
        let children = graph.children()
        var pending = graph.parents.map(\.count)
        var generation = [Int](repeating: 0, count: graph.count)
        var queue = pending.indices.filter { pending[$0] == 0 }
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for child in children[node] {
                generation[child] = max(generation[child], generation[node] + 1)
                pending[child] -= 1
                if pending[child] == 0 { queue.append(child) }
            }
        }
        let (ids, times) = (graph.ids, graph.times)
        let order = ids.indices.sorted { (generation[$0], times[$0], ids[$0]) < (generation[$1], times[$1], ids[$1]) }
        return (order.map { commits[$0] }, tagged, unreadable + graph.skipped)
    }

    /// The commits every reference, every stash entry and HEAD point at (tags peeled), each with the
    /// name of what points at it (`refs/…`, `refs/stash` for every stash entry, `HEAD`), and the
    /// references that point at a tree or a blob instead; a reference whose object cannot be read is
    /// listed as unreadable. Each annotated tag's message goes to `onMessage`.
    func referenceTips(
        onMessage: ((HistoryMessage) -> Void)?
    ) -> (tips: [(name: String, commit: ObjectID)], tagged: [TaggedObject], unreadable: [SkippedObject]) {
        var tips: [(name: String, commit: ObjectID)] = []
        var tagged: [TaggedObject] = []
        var unreadable: [SkippedObject] = []
        var iterator: OpaquePointer?
        let listed = git_reference_iterator_new(&iterator, handle)
        if listed == 0 {
            defer { git_reference_iterator_free(iterator) }
            var reference: OpaquePointer?
            while true {
                let next = git_reference_next(&reference, iterator)
                if next == GIT_ITEROVER.rawValue { break }
                guard next == 0 else {
                    unreadable.append(SkippedObject(subject: "references", reason: LibGit2.lastError(code: next, operation: "list references").message))
                    break
                }
                defer { git_reference_free(reference) }
                let name = git_reference_name(reference).map { String(cString: $0) } ?? "?"
                if let onMessage { tagMessages(of: reference!, name: name, to: onMessage) }
                var peeled: OpaquePointer?
                let status = git_reference_peel(&peeled, reference, GIT_OBJECT_COMMIT)
                defer { if let peeled { git_object_free(peeled) } }
                if status == 0, let peeled {
                    tips.append((name, ObjectID(git_object_id(peeled)!.pointee)))
                } else if status == GIT_ENOTFOUND.rawValue && git_reference_type(reference) == GIT_REFERENCE_SYMBOLIC {
                    // A symbolic reference to a branch that was deleted (origin/HEAD after a prune): nothing is missing.
                    continue
                } else if status == GIT_EPEEL.rawValue || status == GIT_EINVALIDSPEC.rawValue {
                    if let object = taggedObject(reference!, name: name) { tagged.append(object) }
                } else {
                    unreadable.append(SkippedObject(subject: name, reason: LibGit2.lastError(code: status, operation: "read \(name)").message))
                }
            }
        } else {
            unreadable.append(SkippedObject(subject: "references", reason: LibGit2.lastError(code: listed, operation: "list references").message))
        }
        // The stash keeps one reference and a reflog of entries: stash@{1} and later are only there.
        tips += stashEntries().map { ("refs/stash", $0) }
        if !isHeadUnborn {
            do {
                let commit = try peelHead(to: GIT_OBJECT_COMMIT)
                tips.append(("HEAD", ObjectID(git_object_id(commit)!.pointee)))
                git_object_free(commit)
            } catch {
                if !isBare { unreadable.append(SkippedObject(subject: "HEAD", reason: error.message)) }
            }
        }
        return (tips, tagged.sorted { $0.reference < $1.reference }, unreadable)
    }

    /// Every entry of the stash (its reflog), newest first; none without a stash.
    func stashEntries() -> [ObjectID] {
        var log: OpaquePointer?
        guard git_reflog_read(&log, handle, "refs/stash") == 0, let log else { return [] }
        defer { git_reflog_free(log) }
        return (0..<git_reflog_entrycount(log)).compactMap { position in
            git_reflog_entry_byindex(log, position).flatMap { git_reflog_entry_id_new($0) }.map { ObjectID($0.pointee) }
        }
    }

    /// The messages of the annotated tags `reference` names, a tag of a tag included.
    private func tagMessages(of reference: OpaquePointer, name: String, to onMessage: (HistoryMessage) -> Void) {
        let short = name.hasPrefix("refs/tags/") ? String(name.dropFirst("refs/tags/".count)) : name
        forEachAnnotatedTag(of: reference) { tag, id in
            let tagger = git_tag_tagger(tag)
            let message = git_tag_message(tag).map(Self.bytes) ?? []
            let owner = CommitInfo(
                id: id, authorName: tagger?.pointee.name.map { String(cString: $0) } ?? "",
                authorEmail: tagger?.pointee.email.map { String(cString: $0) } ?? "", authorTime: tagger?.pointee.when.time ?? 0,
                authorOffsetMinutes: Int(tagger?.pointee.when.offset ?? 0), summary: "tag \(short)")
            onMessage(HistoryMessage(kind: .tag(name: short), bytes: message, owner: owner))
        }
    }

    /// Each annotated tag object `reference` leads to, outermost first (a tag of a tag included, up
    /// to 16 deep), with its id; nothing for a reference to anything else.
    func forEachAnnotatedTag(of reference: OpaquePointer, _ body: (_ tag: OpaquePointer, _ id: ObjectID) -> Void) {
        guard git_reference_type(reference) == GIT_REFERENCE_DIRECT, var id = git_reference_target(reference)?.pointee else { return }
        for _ in 0..<16 {
            var tag: OpaquePointer?
            guard git_tag_lookup(&tag, handle, &id) == 0, let tag else { return }
            defer { git_tag_free(tag) }
            body(tag, ObjectID(id))
            guard git_tag_target_type(tag) == GIT_OBJECT_TAG, let next = git_tag_target_id(tag)?.pointee else { return }
            id = next
        }
    }

    static func bytes(_ text: UnsafePointer<CChar>) -> [UInt8] {
        Array(UnsafeRawBufferPointer(start: text, count: strlen(text)))
    }

    /// The tree or blob `reference` leads to through its tags, with the facts of the tag that names
    /// it; nil when it leads to neither.
    private func taggedObject(_ reference: OpaquePointer, name: String) -> TaggedObject? {
        var peeled: OpaquePointer?
        guard git_reference_peel(&peeled, reference, GIT_OBJECT_ANY) == 0, let peeled else { return nil }
        defer { git_object_free(peeled) }
        let type = git_object_type(peeled)
        guard type == GIT_OBJECT_TREE || type == GIT_OBJECT_BLOB else { return nil }
        let target = ObjectID(git_object_id(peeled)!.pointee)
        var introduction = CommitInfo(
            id: target, authorName: "", authorEmail: "", authorTime: 0, authorOffsetMinutes: 0, summary: "lightweight tag \(name)")
        var tag: OpaquePointer?
        if let direct = git_reference_target(reference), var tagID = Optional(direct.pointee),
            git_tag_lookup(&tag, handle, &tagID) == 0, let tag
        {
            defer { git_tag_free(tag) }
            let tagger = git_tag_tagger(tag)
            let message = git_tag_message(tag).map { String(cString: $0) } ?? ""
            introduction = CommitInfo(
                id: ObjectID(tagID), authorName: tagger?.pointee.name.map { String(cString: $0) } ?? "",
                authorEmail: tagger?.pointee.email.map { String(cString: $0) } ?? "", authorTime: tagger?.pointee.when.time ?? 0,
                authorOffsetMinutes: Int(tagger?.pointee.when.offset ?? 0),
                summary: "tag \(name): " + (message.split(separator: "\n").first.map(String.init) ?? ""))
        }
        return TaggedObject(reference: name, target: target, isTree: type == GIT_OBJECT_TREE, introduction: introduction)
    }
}

extension Repository {
    /// The message of the commit or annotated tag `id`, as stored; nil when it is neither or cannot
    /// be read.
    public func message(of id: ObjectID) -> [UInt8]? {
        var oid = id.oid
        var object: OpaquePointer?
        guard git_object_lookup(&object, handle, &oid, GIT_OBJECT_ANY) == 0, let object else { return nil }
        defer { git_object_free(object) }
        switch git_object_type(object) {
        case GIT_OBJECT_COMMIT: return git_commit_message_raw(object).map(Self.bytes)
        case GIT_OBJECT_TAG: return git_tag_message(object).map(Self.bytes) ?? []
        default: return nil
        }
    }
}
