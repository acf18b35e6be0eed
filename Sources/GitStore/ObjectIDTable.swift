import Clibgit2

/// A hash table from object ids to a small integer and a 64-bit tag, for the history walk's "seen
/// before?" checks.
///
/// The walk asks tens of millions of times whether a tree entry's object was seen, and at which path;
/// with `Set` and `Dictionary` that spent a third of the walk in SipHash, and fetching the first
/// path to compare cost a cache miss per entry. Here one slot holds the id, its value and a tag (the
/// walk's hash of the first path), so a lookup touches one cache line. An object id is already a
/// uniform hash, so its first eight bytes, multiplied by a random odd number chosen per table, pick
/// the slot (open addressing, linear probing); the random multiplier keeps a repository crafted
/// with colliding id prefixes from making the probes quadratic.
struct ObjectIDTable {
    struct Entry {
        var value: Int
        var tag: UInt64
    }

    private struct Slot {
        var id: ObjectID
        var value: Int32
        var tag: UInt64
    }

    private var slots: [Slot]
    private var shift: UInt64
    private let multiplier = UInt64.random(in: 1...UInt64.max) | 1
    private(set) var count = 0

    /// The value of a free slot.
    private static let empty: Int32 = -1

    init(capacity: Int = 1 << 16) {
        var bits = 4
        while (1 << bits) < capacity * 2 { bits += 1 }
        slots = Array(repeating: Slot(id: ObjectID(git_oid()), value: Self.empty, tag: 0), count: 1 << bits)
        shift = UInt64(64 - bits)
    }

    private func home(of id: ObjectID) -> Int {
        Int(truncatingIfNeeded: (id.leadingBits &* multiplier) >> shift)
    }

    /// What is stored for `id`, or nil.
    func entry(for id: ObjectID) -> Entry? {
        slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var index = home(of: id)
            while slots[index].value != Self.empty {
                if slots[index].id == id { return Entry(value: Int(slots[index].value), tag: slots[index].tag) }
                index = (index + 1) & mask
            }
            return nil
        }
    }

    func contains(_ id: ObjectID) -> Bool { entry(for: id) != nil }

    /// Stores `value` and `tag` for `id` unless `id` is already there; true when they were stored.
    @discardableResult
    mutating func insert(_ id: ObjectID, value: Int = 0, tag: UInt64 = 0) -> Bool {
        if (count + 1) * 2 > slots.count { grow() }
        let home = home(of: id)
        let stored = slots.withUnsafeMutableBufferPointer { slots in
            let mask = slots.count - 1
            var index = home
            while slots[index].value != Self.empty {
                if slots[index].id == id { return false }
                index = (index + 1) & mask
            }
            slots[index] = Slot(id: id, value: Int32(value), tag: tag)
            return true
        }
        if stored { count += 1 }
        return stored
    }

    private mutating func grow() {
        var larger = ObjectIDTable(capacity: slots.count)
        for slot in slots where slot.value != Self.empty {
            larger.insert(slot.id, value: Int(slot.value), tag: slot.tag)
        }
        self = larger
    }
}
