/// A keyed 64-bit hash of tree paths, built up directory by directory as the history walk descends,
/// so that "is this blob still at the path it was first seen at?" needs neither the path's bytes nor
/// a comparison with the stored first path.
///
/// Each name is absorbed eight bytes at a time (multiply, then fold the high bits down), its last
/// word carrying its length; a separator is absorbed between directory levels, and a 64-bit
/// finalizer mixes the result. The starting state is random per walk, so colliding paths cannot be
/// crafted in advance; two different paths of one blob share a hash with odds of about 2⁻⁶⁴. Byte
/// at a time, hashing names took a tenth of the walk.
struct PathHasher {
    /// The state for the root directory: nothing absorbed yet.
    let root = UInt64.random(in: 0...UInt64.max)

    private static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15

    private static func mix(_ state: UInt64, _ word: UInt64) -> UInt64 {
        let product = (state ^ word) &* multiplier
        return product ^ (product >> 29)
    }

    private static func absorb(_ state: UInt64, _ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var state = state
        var offset = 0
        while offset + 8 <= bytes.count {
            state = mix(state, bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        var last = UInt64(bytes.count - offset) << 59
        for index in offset..<bytes.count { last |= UInt64(bytes[index]) << (8 * UInt64(index - offset)) }
        return mix(state, last)
    }

    /// The state for the subdirectory `name` of the directory whose state is `parent`.
    func directory(_ name: UnsafeRawBufferPointer, in parent: UInt64) -> UInt64 {
        Self.mix(Self.absorb(parent, name), 0x2F)
    }

    /// The hash of the path of the entry `name` in the directory whose state is `parent`.
    func path(_ name: UnsafeRawBufferPointer, in parent: UInt64) -> UInt64 {
        var hash = Self.absorb(parent, name)
        hash ^= hash >> 33
        hash &*= 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        hash &*= 0xC4CE_B9FE_1A85_EC53
        hash ^= hash >> 33
        return hash
    }
}
