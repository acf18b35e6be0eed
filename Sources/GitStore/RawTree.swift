import Clibgit2

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tree object's bytes, read through libgit2's object database and read entry by entry in place.
///
/// The history walk reads hundreds of thousands of trees once each. `git_tree_lookup` parses every
/// tree into an allocated entry array and keeps it in the repository's object cache, which the walk
/// never hits again; reading the bytes and stepping through them costs a fraction of that, and lets
/// the walk compare whole entries with the previous version of the same directory byte for byte.
final class RawTree {
    private let object: OpaquePointer
    let id: ObjectID
    let bytes: UnsafeRawBufferPointer

    /// One entry: `<octal mode> <name>\0<20-byte id>`.
    struct Entry {
        /// Where the whole entry lies in the tree's bytes.
        var record: Range<Int>
        var name: UnsafeRawBufferPointer
        var mode: UInt32
        var id: ObjectID

        var isTree: Bool { mode & 0o170000 == 0o040000 }
        var isSubmodule: Bool { mode & 0o170000 == 0o160000 }
    }

    init(reading id: ObjectID, from database: OpaquePointer) throws(GitError) {
        var oid = id.oid
        var object: OpaquePointer?
        try LibGit2.check(git_odb_read(&object, database, &oid), "read tree \(id)")
        guard git_odb_object_type(object) == GIT_OBJECT_TREE else {
            git_odb_object_free(object)
            throw GitError(code: -1, message: "the object is not a tree", operation: "read tree \(id)")
        }
        self.object = object!
        self.id = id
        bytes = UnsafeRawBufferPointer(start: git_odb_object_data(object), count: git_odb_object_size(object))
    }

    deinit {
        git_odb_object_free(object)
    }

    /// The entry starting at `offset`; nil at the end of the tree.
    /// - Throws: `GitError` when the bytes there are not a well-formed entry.
    func entry(at offset: Int) throws(GitError) -> Entry? {
        guard let entry = Self.entry(at: offset, in: bytes) else {
            guard offset < bytes.count else { return nil }
            throw GitError(code: -1, message: "malformed tree entry at byte \(offset)", operation: "read tree \(id)")
        }
        return entry
    }

    /// The entry starting at `offset` of any tree's bytes; nil at the end or where the bytes are not a
    /// well-formed entry (`offset < bytes.count` tells which).
    static func entry(at offset: Int, in bytes: UnsafeRawBufferPointer) -> Entry? {
        guard offset < bytes.count else { return nil }
        var position = offset
        var mode: UInt32 = 0
        while position < bytes.count, position - offset < 7, (0x30...0x37).contains(bytes[position]) {
            mode = mode << 3 | UInt32(bytes[position] - 0x30)
            position += 1
        }
        guard position > offset, position < bytes.count, bytes[position] == 0x20 else { return nil }
        let nameStart = position + 1
        guard let nul = memchr(bytes.baseAddress! + nameStart, 0, bytes.count - nameStart) else { return nil }
        let nameEnd = nameStart + (UnsafeRawPointer(nul) - (bytes.baseAddress! + nameStart))
        let end = nameEnd + 1 + 20
        guard nameEnd > nameStart, end <= bytes.count else { return nil }
        return Entry(
            record: offset..<end, name: UnsafeRawBufferPointer(rebasing: bytes[nameStart..<nameEnd]), mode: mode,
            id: ObjectID(bytes: UnsafeRawBufferPointer(rebasing: bytes[(nameEnd + 1)..<end])))
    }

    /// Whether `entry` (of another tree) has exactly the bytes of this tree's `record`.
    func has(_ record: Range<Int>, equalTo entry: Entry, of other: RawTree) -> Bool {
        record.count == entry.record.count
            && memcmp(bytes.baseAddress! + record.lowerBound, other.bytes.baseAddress! + entry.record.lowerBound, record.count) == 0
    }

    /// Whether `a` sorts before (negative), with (zero) or after (positive) `b` in git's tree order:
    /// by name bytes, a directory's name compared as if it ended in `/`.
    static func order(_ a: Entry, _ b: Entry) -> Int {
        let common = min(a.name.count, b.name.count)
        let prefixOrder = memcmp(a.name.baseAddress!, b.name.baseAddress!, common)
        if prefixOrder != 0 { return Int(prefixOrder) }
        let nextOfA = a.name.count > common ? a.name[common] : (a.isTree ? 0x2F : 0)
        let nextOfB = b.name.count > common ? b.name[common] : (b.isTree ? 0x2F : 0)
        return Int(nextOfA) - Int(nextOfB)
    }
}
