import Clibgit2
import Crypto

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The trees a commit of the index would record, computed from the index's entries as
/// `git write-tree` would make them, without writing anything: each directory's tree bytes and id.
///
/// Why: `git_diff_tree_to_index` reads every tree of HEAD, whatever is staged — on git/git 225 trees
/// from the pack, 4–5 ms, the largest part of a pre-commit hook's run. Hashing the index's own
/// directories (about 270 KB of tree bytes on git/git, 0.2 ms) shows which of HEAD's trees differ;
/// only those are read, and only the paths found changed are diffed.
struct StagedTrees {
    /// Every staged tree's bytes by its id (directories with the same contents share one).
    private var trees: [ObjectID: [UInt8]] = [:]

    /// The top-level tree's id.
    private(set) var rootID = ObjectID(git_oid())

    /// One index entry that a tree records, its path bytes borrowed from the index.
    private struct Staged {
        var path: UnsafeRawBufferPointer
        var mode: UInt32
        var id: git_oid
    }

    /// The modes git writes into trees for the entries of an index: file, executable, symbolic link,
    /// submodule.
    private static let entryModes: Set<UInt32> = [0o100644, 0o100755, 0o120000, 0o160000]

    /// The trees are built and compared by recursion, one level a directory; a path of at most this
    /// many bytes nests at most half as many directories, well within the call stack. Longer paths
    /// (an index read from a tree nested thousands deep) take libgit2's diff, which keeps its
    /// iterator's frames on the heap.
    static let longestPath = 8192

    /// Computes the trees of `index`; nil when they cannot be computed this way, so that the caller
    /// compares the whole index instead: the index has conflicts (no tree can be written from it), an
    /// entry has a mode git does not write or a path that is not a clean relative path, or a path is
    /// not UTF-8 (paths found changed are handed back as strings, which must name the same bytes), or a
    /// path is longer than `longestPath` bytes.
    init?(index: OpaquePointer) {
        let count = git_index_entrycount(index)
        var entries: [Staged] = []
        entries.reserveCapacity(count)
        for position in 0..<count {
            guard let entry = git_index_get_byindex(index, position) else { continue }
            if git_index_entry_is_conflict(entry) != 0 { return nil }
            // `git add -N` records a path with no content yet; git leaves it out of the tree it writes.
            if entry.pointee.flags_extended & UInt16(GIT_INDEX_ENTRY_INTENT_TO_ADD.rawValue) != 0 { continue }
            let path = UnsafeRawBufferPointer(start: entry.pointee.path!, count: strlen(entry.pointee.path!))
            guard path.count <= Self.longestPath, Self.entryModes.contains(entry.pointee.mode), Self.isCleanRelativePath(path),
                Self.isASCII(path) || String(validating: path, as: UTF8.self) != nil
            else { return nil }
            entries.append(Staged(path: path, mode: entry.pointee.mode, id: entry.pointee.id))
        }
        // With `core.ignorecase` libgit2 keeps the index sorted ignoring case; trees need byte order,
        // in which one directory's entries are neighbours.
        if git_index_caps(index) & Int32(GIT_INDEX_CAPABILITY_IGNORE_CASE.rawValue) != 0 {
            entries.sort { Self.bytesOrder($0.path, $1.path) < 0 }
        }
        var next = 0
        rootID = build(entries, from: &next, prefixLength: 0)
    }

    /// Builds the tree of the directory whose entries start at `next` (all paths sharing its prefix of
    /// `prefixLength` bytes are neighbours in byte order, and a directory's own entries then come in
    /// git's tree order too, a directory's name sorting as if it ended in `/`), records it and every
    /// tree below it, and leaves `next` at the first entry outside it.
    private mutating func build(_ entries: [Staged], from next: inout Int, prefixLength: Int) -> ObjectID {
        var bytes: [UInt8] = []
        // The directory's own path bytes, as its first entry spells them.
        let directory =
            next < entries.count
            ? UnsafeRawBufferPointer(rebasing: entries[next].path[..<prefixLength])
            : UnsafeRawBufferPointer(start: nil, count: 0)
        while next < entries.count {
            let path = entries[next].path
            if prefixLength > 0 {
                guard path.count > prefixLength, memcmp(path.baseAddress!, directory.baseAddress!, prefixLength) == 0
                else { break }
            }
            let rest = path.baseAddress! + prefixLength
            let restCount = path.count - prefixLength
            if let slash = memchr(rest, 0x2F, restCount) {
                let name = UnsafeRawBufferPointer(start: rest, count: UnsafeRawPointer(slash) - rest)
                let id = build(entries, from: &next, prefixLength: prefixLength + name.count + 1)
                Self.append(mode: 0o040000, name: name, id: id.oid, to: &bytes)
            } else {
                let name = UnsafeRawBufferPointer(start: rest, count: restCount)
                Self.append(mode: entries[next].mode, name: name, id: entries[next].id, to: &bytes)
                next += 1
            }
        }
        // A tree's id is the SHA-1 of "tree <size>\0" and its bytes. Not through git_odb_hash: Debian's
        // libgit2 hashes with collision detection, three times slower (0.9 ms of a pre-commit hook's
        // ~25 ms on git/git), and these ids only decide which of HEAD's trees need not be read: a
        // collision would have to be a second preimage of a tree the committer has not written yet.
        var hasher = Insecure.SHA1()
        hasher.update(data: Array("tree \(bytes.count)\u{0}".utf8))
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        let id = hasher.finalize().withUnsafeBytes { ObjectID(bytes: $0) }
        trees[id] = bytes
        return id
    }

    /// Appends one tree entry, `<octal mode> <name>\0<20-byte id>`; `mode` is one git writes, six
    /// octal digits at most.
    private static func append(mode: UInt32, name: UnsafeRawBufferPointer, id: git_oid, to bytes: inout [UInt8]) {
        var digits: UInt64 = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            var count = 0
            var rest = mode
            repeat {
                buffer[7 - count] = 0x30 + UInt8(rest & 7)
                rest >>= 3
                count += 1
            } while rest > 0
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(8 - count)..<8]))
        }
        bytes.append(0x20)
        bytes.append(contentsOf: name)
        bytes.append(0)
        withUnsafeBytes(of: id.id) { bytes.append(contentsOf: $0) }
    }

    /// Whether `path` is non-empty, has no empty part (no leading, trailing or doubled `/`): every part
    /// becomes a tree entry name.
    static func isCleanRelativePath(_ path: UnsafeRawBufferPointer) -> Bool {
        guard let first = path.first, let last = path.last, first != 0x2F, last != 0x2F else { return false }
        var start = path.baseAddress!
        let end = path.baseAddress! + path.count
        while let slash = memchr(start, 0x2F, end - start) {
            let next = UnsafeRawPointer(slash) + 1
            if next.load(as: UInt8.self) == 0x2F { return false }
            start = next
        }
        return true
    }

    private static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var position = 0
        while position + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)
            if word & 0x8080_8080_8080_8080 != 0 { return false }
            position += 8
        }
        return bytes[position...].allSatisfy { $0 < 0x80 }
    }

    /// Byte order of two paths (a prefix first).
    private static func bytesOrder(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let order = memcmp(a.baseAddress!, b.baseAddress!, min(a.count, b.count))
        return order != 0 ? Int(order) : a.count - b.count
    }

    /// The paths of files (not submodules) whose staged content or mode differs from the tree `head`:
    /// added, modified, or put where a directory or another kind of entry was. Reads only the trees
    /// of `head` whose ids differ from the staged ones.
    func paths(differingFrom head: ObjectID, in database: OpaquePointer) throws(GitError) -> [String] {
        var paths: [String] = []
        if head != rootID { try compare(rootID, with: head, directory: "", in: database, into: &paths) }
        return paths
    }

    private func compare(
        _ stagedTree: ObjectID, with headTree: ObjectID, directory: String, in database: OpaquePointer,
        into paths: inout [String]
    ) throws(GitError) {
        let head = try RawTree(reading: headTree, from: database)
        var changed: [(name: String, staged: ObjectID, head: ObjectID)] = []
        // Array.withUnsafeBytes only rethrows untyped errors: the walk's outcome comes back as a Result.
        try trees[stagedTree]!.withUnsafeBytes { ours in
            Result { () throws(GitError) in
                var offset = 0
                var headOffset = 0
                var theirs = try head.entry(at: headOffset)
                while let entry = RawTree.entry(at: offset, in: ours) {
                    offset = entry.record.upperBound
                    // Entries only in HEAD sort first: deleted, nothing to scan.
                    while let other = theirs, RawTree.order(other, entry) < 0 {
                        headOffset = other.record.upperBound
                        theirs = try head.entry(at: headOffset)
                    }
                    if let other = theirs, RawTree.order(other, entry) == 0 {
                        headOffset = other.record.upperBound
                        theirs = try head.entry(at: headOffset)
                        if other.mode == entry.mode && other.id == entry.id { continue }
                        if entry.isTree {
                            // Same name, both directories, different contents: compare them too.
                            changed.append((String(decoding: entry.name, as: UTF8.self), entry.id, other.id))
                            continue
                        }
                    }
                    try add(entry, at: directory, into: &paths)
                }
                try Self.checkEnd(offset, of: ours, directory: directory)
            }
        }.get()
        for (name, staged, other) in changed {
            try compare(staged, with: other, directory: directory + name + "/", in: database, into: &paths)
        }
    }

    /// Adds a staged entry at `directory` that HEAD does not have as it is: a file's path (not a
    /// submodule's), or every file path in a directory, all of them new.
    private func add(_ entry: RawTree.Entry, at directory: String, into paths: inout [String]) throws(GitError) {
        let name = String(decoding: entry.name, as: UTF8.self)
        if entry.isTree {
            try trees[entry.id]!.withUnsafeBytes { bytes in
                Result { () throws(GitError) in
                    var offset = 0
                    while let inner = RawTree.entry(at: offset, in: bytes) {
                        offset = inner.record.upperBound
                        try add(inner, at: directory + name + "/", into: &paths)
                    }
                    try Self.checkEnd(offset, of: bytes, directory: directory + name + "/")
                }
            }.get()
        } else if !entry.isSubmodule {
            paths.append(directory + name)
        }
    }

    /// Fails closed where a staged tree's bytes did not read to their end (which `init` rules out):
    /// entries after a malformed one would otherwise go unscanned.
    private static func checkEnd(_ offset: Int, of bytes: UnsafeRawBufferPointer, directory: String) throws(GitError) {
        guard offset == bytes.count else {
            throw GitError(
                code: -1, message: "malformed entry at byte \(offset) of the staged tree",
                operation: "compare the index with HEAD at \(directory.isEmpty ? "/" : directory)")
        }
    }
}
