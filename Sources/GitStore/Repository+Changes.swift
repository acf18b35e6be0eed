import Clibgit2
import Foundation

extension Repository {
    /// What `git commit` would record: the index against HEAD (against nothing when HEAD is unborn),
    /// as the files with added lines. `paths`, when given, limits it to those repository paths and
    /// what is under them (a directory names every file below it; `.` or an empty path, the whole
    /// repository).
    public func stagedChanges(limitedTo paths: [String]? = nil) throws(GitError) -> [ChangedFile] {
        let index = try openIndex()
        defer { git_index_free(index) }
        var headTree: OpaquePointer?
        if !isHeadUnborn {
            headTree = try peelHead(to: GIT_OBJECT_TREE)
        }
        defer { if let headTree { git_object_free(headTree) } }
        var options = Self.diffOptions()
        // Paths compared by their bytes: `String` equality would take a name's composed and decomposed
        // Unicode spellings, two files to git, for one.
        let limit: Set<[UInt8]>? = paths.flatMap { paths in
            let named = paths.map { path -> [UInt8] in
                var bytes = Array(path.utf8)
                while bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
                return bytes
            }
            // The root names everything: no limit.
            return named.contains { $0.isEmpty || $0 == [UInt8(ascii: ".")] } ? nil : Set(named)
        }
        let isIncluded = { (path: String) -> Bool in
            guard let limit else { return true }
            let bytes = Array(path.utf8)
            if limit.contains(bytes) { return true }
            // A directory named: each parent directory of the path, by bytes.
            for (position, byte) in bytes.enumerated() where byte == UInt8(ascii: "/") {
                if limit.contains(Array(bytes[..<position])) { return true }
            }
            return false
        }
        var changedPaths: [String]? = nil
        if let headTree, let staged = StagedTrees(index: index) {
            let head = ObjectID(git_object_id(headTree)!.pointee)
            changedPaths = try staged.paths(differingFrom: head, in: database()).filter(isIncluded)
            if changedPaths!.isEmpty { return [] }
        }
        return try Self.withPathspec(changedPaths) { (pathspec: git_strarray?) throws(GitError) in
            if let pathspec {
                options.pathspec = pathspec
                options.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH.rawValue
            }
            var diff: OpaquePointer?
            try LibGit2.check(
                git_diff_tree_to_index(&diff, handle, headTree, index, &options), "compare the index with HEAD")
            defer { git_diff_free(diff) }
            return try Self.addedLines(in: diff!, commit: nil).filter { isIncluded($0.path) }
        }
    }

    /// Whether a commit now would record anything: the index differs from HEAD (or, HEAD unborn,
    /// holds any path). Deletions and mode changes count, though they add no lines.
    public func hasStagedChanges() throws(GitError) -> Bool {
        let index = try openIndex()
        defer { git_index_free(index) }
        if isHeadUnborn {
            // Paths added with `git add -N` only are not in a commit yet.
            guard let staged = StagedTrees(index: index) else { return git_index_entrycount(index) > 0 }
            return staged.rootID != Self.emptyTreeID
        }
        let headTree = try peelHead(to: GIT_OBJECT_TREE)
        defer { git_object_free(headTree) }
        if let staged = StagedTrees(index: index) {
            return staged.rootID != ObjectID(git_object_id(headTree)!.pointee)
        }
        var diff: OpaquePointer?
        var options = Self.diffOptions()
        try LibGit2.check(
            git_diff_tree_to_index(&diff, handle, headTree, index, &options), "compare the index with HEAD")
        defer { git_diff_free(diff) }
        return git_diff_num_deltas(diff) > 0
    }

    /// The id of the tree with no entries.
    static let emptyTreeID = ObjectID(hex: "4b825dc642cb6eb9a060e54bf8d69288fbee4904")!

    /// The trees a commit of the index would record (nil when they cannot be computed; see
    /// `StagedTrees`).
    func stagedTrees() throws(GitError) -> StagedTrees? {
        let index = try openIndex()
        defer { git_index_free(index) }
        return StagedTrees(index: index)
    }

    /// The index git would commit, which the caller frees.
    private func openIndex() throws(GitError) -> OpaquePointer {
        var index: OpaquePointer?
        // During `git commit -a` or `git commit PATH`, git points hooks at a temporary index through
        // GIT_INDEX_FILE; libgit2 does not read that variable by itself.
        if let indexFile = ProcessInfo.processInfo.environment["GIT_INDEX_FILE"], !indexFile.isEmpty {
            let path = indexFile.hasPrefix("/") ? indexFile : FileManager.default.currentDirectoryPath + "/" + indexFile
            try LibGit2.check(git_index_open(&index, path), "read the index \(path)")
            do {
                try LibGit2.check(git_index_read(index, 1), "read the index \(path)")
            } catch {
                git_index_free(index)
                throw error
            }
        } else {
            try LibGit2.check(git_repository_index(&index, handle), "read the index")
            // A repository kept open reads the index again if it changed on disk since.
            do {
                try LibGit2.check(git_index_read(index, 0), "read the index")
            } catch {
                git_index_free(index)
                throw error
            }
        }
        return index!
    }

    /// Calls `body` with `paths` as a libgit2 string array (nil for nil), valid during the call.
    private static func withPathspec<Result>(
        _ paths: [String]?, _ body: (git_strarray?) throws(GitError) -> Result
    ) throws(GitError) -> Result {
        guard let paths else { return try body(nil) }
        var strings = paths.map { strdup($0) }
        defer { strings.forEach { free($0) } }
        return try strings.withUnsafeMutableBufferPointer { (buffer) throws(GitError) in
            try body(git_strarray(strings: buffer.baseAddress, count: buffer.count))
        }
    }

    /// The content added by the commits reachable from `include` but not from `exclude` (and, with
    /// `excludingRemoteTracking`, not from any remote-tracking branch): each commit against its parent;
    /// a merge contributes the lines that are new against every parent.
    public func changes(
        including include: [String], excluding exclude: [String], excludingRemoteTracking: Bool = false,
        excludingRemote remote: String? = nil
    ) throws(GitError) -> ChangeSet {
        var walk: OpaquePointer?
        try LibGit2.check(git_revwalk_new(&walk, handle), "start history walk")
        defer { git_revwalk_free(walk) }
        git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_REVERSE.rawValue)
        for revision in include {
            var oid = try resolveCommit(revision).oid
            try LibGit2.check(git_revwalk_push(walk, &oid), "walk from \(revision)")
        }
        for revision in exclude {
            var oid = try resolveCommit(revision).oid
            try LibGit2.check(git_revwalk_hide(walk, &oid), "exclude \(revision)")
        }
        if excludingRemoteTracking {
            _ = git_revwalk_hide_glob(walk, "refs/remotes/*")
        }
        if let remote, !remote.isEmpty {
            _ = git_revwalk_hide_glob(walk, "refs/remotes/\(remote)/*")
        }
        var changes = ChangeSet()
        var oid = git_oid()
        while true {
            let status = git_revwalk_next(&oid, walk)
            if status == GIT_ITEROVER.rawValue { break }
            try LibGit2.check(status, "walk the range")
            var commit: OpaquePointer?
            try LibGit2.check(git_commit_lookup(&commit, handle, &oid), "read commit \(ObjectID(oid))")
            defer { git_commit_free(commit) }
            let index = changes.commits.count
            changes.commits.append(Self.commitInfo(commit!, id: ObjectID(oid)))
            changes.messages.append(git_commit_message_raw(commit).map(Self.bytes) ?? [])
            changes.files += try addedLines(of: commit!, index: index)
        }
        return changes
    }

    /// The commit `revision` names (a branch, tag, id, `HEAD~2`, …).
    public func resolveCommit(_ revision: String) throws(GitError) -> ObjectID {
        var object: OpaquePointer?
        try LibGit2.check(git_revparse_single(&object, handle, revision + "^{commit}"), "resolve \(revision)")
        defer { git_object_free(object) }
        return ObjectID(git_object_id(object)!.pointee)
    }

    private func addedLines(of commit: OpaquePointer, index: Int) throws(GitError) -> [ChangedFile] {
        var tree: OpaquePointer?
        try LibGit2.check(git_commit_tree(&tree, commit), "read the tree of \(ObjectID(git_commit_id(commit)!.pointee))")
        defer { git_tree_free(tree) }
        let parentCount = git_commit_parentcount(commit)
        if parentCount == 0 { return try diff(from: nil, to: tree!, commit: index) }
        var perParent: [[ChangedFile]] = []
        for position in 0..<parentCount {
            var parent: OpaquePointer?
            try LibGit2.check(git_commit_parent(&parent, commit, position), "read a parent")
            defer { git_commit_free(parent) }
            var parentTree: OpaquePointer?
            try LibGit2.check(git_commit_tree(&parentTree, parent), "read a parent's tree")
            defer { git_tree_free(parentTree) }
            perParent.append(try diff(from: parentTree, to: tree!, commit: index))
        }
        // A line is new in a merge only when it is new against every parent.
        var result = perParent[0]
        for other in perParent.dropFirst() {
            let byPath = Dictionary(other.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
            result = result.compactMap { file in
                guard let match = byPath[file.path] else { return nil }
                var merged = file
                merged.addedLines = file.addedLines.intersection(match.addedLines)
                merged.isBinary = file.isBinary && match.isBinary
                return merged.addedLines.isEmpty && !merged.isBinary ? nil : merged
            }
        }
        return result
    }

    private func diff(from old: OpaquePointer?, to new: OpaquePointer, commit: Int) throws(GitError) -> [ChangedFile] {
        var diff: OpaquePointer?
        var options = Self.diffOptions()
        try LibGit2.check(git_diff_tree_to_tree(&diff, handle, old, new, &options), "compare trees")
        defer { git_diff_free(diff) }
        return try Self.addedLines(in: diff!, commit: commit)
    }

    static func diffOptions() -> git_diff_options {
        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        options.context_lines = 0
        options.interhunk_lines = 0
        return options
    }

    /// The files a diff adds lines to, with the new-side line numbers of those lines.
    static func addedLines(in diff: OpaquePointer, commit: Int?) throws(GitError) -> [ChangedFile] {
        var files: [ChangedFile] = []
        for deltaIndex in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, deltaIndex) else { continue }
            let status = delta.pointee.status
            guard status != GIT_DELTA_DELETED, status != GIT_DELTA_UNMODIFIED,
                delta.pointee.new_file.mode != UInt16(GIT_FILEMODE_COMMIT.rawValue),
                let rawPath = delta.pointee.new_file.path
            else { continue }
            let path = String(cString: rawPath)
            let blob = ObjectID(delta.pointee.new_file.id)
            var patch: OpaquePointer?
            try LibGit2.check(git_patch_from_diff(&patch, diff, deltaIndex), "diff \(path)")
            defer { git_patch_free(patch) }
            let isBinary = (delta.pointee.flags & UInt32(GIT_DIFF_FLAG_BINARY.rawValue)) != 0
            var added = Set<Int>()
            if let patch {
                for hunk in 0..<git_patch_num_hunks(patch) {
                    let lines = git_patch_num_lines_in_hunk(patch, hunk)
                    guard lines > 0 else { continue }
                    for lineIndex in 0..<Int(lines) {
                        var line: UnsafePointer<git_diff_line>?
                        guard git_patch_get_line_in_hunk(&line, patch, hunk, lineIndex) == 0, let line else { continue }
                        if line.pointee.origin == CChar(UInt8(ascii: "+")) && line.pointee.new_lineno > 0 {
                            added.insert(Int(line.pointee.new_lineno))
                        }
                    }
                }
            }
            if !added.isEmpty || isBinary {
                files.append(ChangedFile(path: path, blob: blob, addedLines: added, commit: commit, isBinary: isBinary))
            }
        }
        return files
    }

    /// The directory git runs hooks from: `core.hooksPath` (relative to the working directory) when
    /// set, else `hooks/` in the common git directory (shared by linked worktrees).
    public var hooksDirectory: String {
        var config: OpaquePointer?
        if git_repository_config_snapshot(&config, handle) == 0 {
            defer { git_config_free(config) }
            var buffer = git_buf()
            defer { git_buf_dispose(&buffer) }
            if git_config_get_path(&buffer, config, "core.hooksPath") == 0, let pointer = buffer.ptr {
                let configured = String(cString: pointer)
                if configured.hasPrefix("/") { return configured }
                return (workingDirectory ?? gitDirectory) + configured
            }
        }
        return String(cString: git_repository_commondir(handle)) + "hooks"
    }
}
