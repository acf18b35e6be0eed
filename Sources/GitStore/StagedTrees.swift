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
/// directories (about 270 KB of tree bytes on git/git, 0.2 ms) shows which of HEAD's
/// trees differ; only those are read, and only the paths found changed are diffed.
struct StagedTrees {
    /// One directory's tree object, as it would be written.
    struct Directory {
        var bytes: [UInt8]
        var id: ObjectID
    }

    /// Every directory of the index by its path: "" for the top, else the path with a trailing `/`.
    private(set) var directories: [String: Directory] = [:]

    /// The top-level tree's id.
    var rootID: ObjectID { directories[""]!.id }

    /// One index entry that a tree records, its path bytes borrowed from the index.
    private struct Staged {
        var path: UnsafeRawBufferPointer
        var mode: UInt32
        var id: git_oid
    }

    /// Computes the trees of `index`; nil when the index cannot be read this way: it has conflicts
    /// (no tree can be written from it), libgit2 keeps it sorted ignoring case (`core.ignorecase`),
    /// so that one directory's entries need not be neighbours, or a path is not UTF-8 (paths found
    /// changed are handed back as strings, which must name the same bytes).
    init?(index: OpaquePointer) {
        guard git_index_caps(index) & Int32(GIT_INDEX_CAPABILITY_IGNORE_CASE.rawValue) == 0 else { return nil }
        let count = git_index_entrycount(index)
        var entries: [Staged] = []
        entries.reserveCapacity(count)
        for position in 0..<count {
            guard let entry = git_index_get_byindex(index, position) else { continue }
            if git_index_entry_is_conflict(entry) != 0 { return nil }
            // `git add -N` records a path with no content yet; git leaves it out of the tree it writes.
            if entry.pointee.flags_extended & UInt16(GIT_INDEX_ENTRY_INTENT_TO_ADD.rawValue) != 0 { continue }
            let path = UnsafeRawBufferPointer(start: entry.pointee.path!, count: strlen(entry.pointee.path!))
            if !Self.isASCII(path) && String(validating: path, as: UTF8.self) == nil { return nil }
            entries.append(Staged(path: path, mode: entry.pointee.mode, id: entry.pointee.id))
        }
        var next = 0
        _ = build(entries, from: &next, prefix: "", prefixLength: 0)
    }

    private static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var position = 0
        while position + 8 <= bytes.count {
            if bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            position += 8
        }
        return bytes[position...].allSatisfy { $0 < 0x80 }
    }

    /// Builds the tree of the directory whose entries start at `next` (all paths sharing its prefix of
    /// `prefixLength` bytes are neighbours: the index is sorted by path bytes, and a directory's own
    /// entries then come in git's tree order too), records it and every tree below it, and leaves
    /// `next` at the first entry outside it.
    private mutating func build(
        _ entries: [Staged], from next: inout Int, prefix: String, prefixLength: Int
    ) -> ObjectID {
        var bytes: [UInt8] = []
        // The directory's own path bytes, as its first entry spells them.
        let directory = next < entries.count ? UnsafeRawBufferPointer(rebasing: entries[next].path[..<prefixLength]) : UnsafeRawBufferPointer(start: nil, count: 0)
        while next < entries.count {
            let path = entries[next].path
            if prefixLength > 0 {
                guard path.count > prefixLength, memcmp(path.baseAddress!, directory.baseAddress!, prefixLength) == 0 else { break }
            }
            let rest = path.baseAddress! + prefixLength
            let restCount = path.count - prefixLength
            if let slash = memchr(rest, 0x2F, restCount) {
                let name = UnsafeRawBufferPointer(start: rest, count: UnsafeRawPointer(slash) - rest)
                let subdirectory = prefix + String(decoding: name, as: UTF8.self) + "/"
                let id = build(entries, from: &next, prefix: subdirectory, prefixLength: prefixLength + name.count + 1)
                Self.append(mode: 0o040000, name: name, id: id.oid, to: &bytes)
            } else {
                Self.append(mode: entries[next].mode, name: UnsafeRawBufferPointer(start: rest, count: restCount), id: entries[next].id, to: &bytes)
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
        directories[prefix] = Directory(bytes: bytes, id: id)
        return id
    }

    /// Appends one tree entry, `<octal mode> <name>\0<20-byte id>`.
    private static func append(mode: UInt32, name: UnsafeRawBufferPointer, id: git_oid, to bytes: inout [UInt8]) {
        // The mode in octal without leading zeros, as git writes it ("100644", "40000"): at most 6 digits.
        var digits: UInt64 = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            var count = 0
            var rest = mode
            repeat {
                buffer[7 - count] = 0x30 + UInt8(rest & 7)
                rest >>= 3
                count += 1
            } while rest > 0 && count < 8
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(8 - count)..<8]))
        }
        bytes.append(0x20)
        bytes.append(contentsOf: name)
        bytes.append(0)
        withUnsafeBytes(of: id.id) { bytes.append(contentsOf: $0) }
    }

    /// The paths of files (not submodules) whose staged content or mode differs from the tree `head`:
    /// added, modified, or put where a directory or another kind of entry was. Reads only the trees
    /// of `head` whose ids differ from the staged ones.
    func paths(differingFrom head: ObjectID, in database: OpaquePointer) throws(GitError) -> [String] {
        var paths: [String] = []
        if head != rootID { try compare(directory: "", with: head, in: database, into: &paths) }
        return paths
    }

    private func compare(
        directory: String, with headTree: ObjectID, in database: OpaquePointer, into paths: inout [String]
    ) throws(GitError) {
        let head = try RawTree(reading: headTree, from: database)
        let staged = directories[directory]!
        var changed: [(name: String, entry: RawTree.Entry)] = []
        // Array.withUnsafeBytes only rethrows untyped errors: the walk's outcome comes back as a Result.
        try staged.bytes.withUnsafeBytes { ours in
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
                        changed.append((String(decoding: entry.name, as: UTF8.self), other))
                        continue
                    }
                }
                let name = String(decoding: entry.name, as: UTF8.self)
                if entry.isTree {
                    collectFiles(under: directory + name + "/", into: &paths)
                } else if !entry.isSubmodule {
                    paths.append(directory + name)
                }
            }
            }
        }.get()
        for (name, other) in changed {
            try compare(directory: directory + name + "/", with: other.id, in: database, into: &paths)
        }
    }

    /// Every file (not submodule) path under `directory`, all of them new.
    private func collectFiles(under directory: String, into paths: inout [String]) {
        directories[directory]!.bytes.withUnsafeBytes { bytes in
            var offset = 0
            while let entry = RawTree.entry(at: offset, in: bytes) {
                offset = entry.record.upperBound
                let name = String(decoding: entry.name, as: UTF8.self)
                if entry.isTree {
                    collectFiles(under: directory + name + "/", into: &paths)
                } else if !entry.isSubmodule {
                    paths.append(directory + name)
                }
            }
        }
    }
}
