import Clibgit2

/// A git object id (SHA-1), stored inline so that sets of millions of them stay compact.
public struct ObjectID: Hashable, Sendable, Comparable, CustomStringConvertible {
    private var high: UInt64
    private var middle: UInt64
    private var low: UInt32

    init(_ oid: git_oid) {
        var copy = oid
        var high: UInt64 = 0
        var middle: UInt64 = 0
        var low: UInt32 = 0
        withUnsafeBytes(of: &copy.id) { bytes in
            high = bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
            middle = bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            low = bytes.loadUnaligned(fromByteOffset: 16, as: UInt32.self)
        }
        self.high = high
        self.middle = middle
        self.low = low
    }

    /// The id made of `bytes`, its 20 raw bytes.
    public init(bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count == 20, "an object id is 20 bytes")
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { $0.copyMemory(from: bytes) }
        self.init(oid)
    }

    /// Calls `body` with the id's 20 raw bytes.
    public func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        var oid = self.oid
        return try withUnsafeBytes(of: &oid.id, body)
    }

    /// Parses 40 hexadecimal digits; nil for anything else.
    public init?(hex: String) {
        guard hex.utf8.count == 40, hex.utf8.allSatisfy({ $0.isHexDigit }) else { return nil }
        var oid = git_oid()
        guard git_oid_fromstrn(&oid, hex, 40) == 0 else { return nil }
        self.init(oid)
    }

    var oid: git_oid {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { bytes in
            bytes.storeBytes(of: high, toByteOffset: 0, as: UInt64.self)
            bytes.storeBytes(of: middle, toByteOffset: 8, as: UInt64.self)
            bytes.storeBytes(of: low, toByteOffset: 16, as: UInt32.self)
        }
        return oid
    }

    /// The 40-digit lower-case hexadecimal form.
    public var hex: String {
        var oid = self.oid
        var buffer = [CChar](repeating: 0, count: 40)
        git_oid_fmt(&buffer, &oid)
        return String(decoding: buffer.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public var description: String { hex }

    /// The id's first eight bytes: as uniformly distributed as the whole id.
    var leadingBits: UInt64 { high }

    /// Object ids are already uniformly random: eight bytes are plenty to hash, and the history walk
    /// hashes millions of them.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(high)
    }

    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool { lhs.hex < rhs.hex }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
    }
}
