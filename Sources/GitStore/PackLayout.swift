import Clibgit2
import Foundation

/// Where objects lie in a repository's pack files, read from the packs' `.idx` files.
///
/// libgit2 reads any object by id, but not cheaply in every order: a packed blob is mostly a delta
/// against a neighbour, and its delta-base cache is small. Read in pack order, each base is still
/// cached when its deltas come; read in walk order, long delta chains are inflated again and again.
/// libgit2 does not expose pack offsets, so they are looked up here in the index files (version 2,
/// the only one git has written since 2008). Objects are still read only through libgit2; this only
/// decides the order. An unreadable or unknown index is ignored: its objects keep their order.
struct PackLayout {
    /// Each usable index file's bytes, mapped.
    private let indexes: [Data]

    init(objectsDirectory: String) {
        let packDirectory = objectsDirectory + "/pack"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: packDirectory)) ?? []
        indexes = names.filter { $0.hasPrefix("pack-") && $0.hasSuffix(".idx") }.sorted().compactMap { name in
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: packDirectory + "/" + name), options: .alwaysMapped),
                Self.isUsable(data)
            else { return nil }
            return data
        }
    }

    private static let headerSize = 8
    private static let fanoutSize = 256 * 4
    private static let hashSize = 20

    /// A version 2 index whose size agrees with its object count.
    private static func isUsable(_ data: Data) -> Bool {
        guard data.count >= headerSize + fanoutSize + 2 * hashSize else { return false }
        return data.withUnsafeBytes { bytes in
            guard bytes.starts(with: [0xFF, 0x74, 0x4F, 0x63]), bigEndian(bytes, at: 4) == 2 else { return false }
            let count = Int(bigEndian(bytes, at: headerSize + fanoutSize - 4))
            let fixed = headerSize + fanoutSize + count * (hashSize + 8) + 2 * hashSize
            return bytes.count >= fixed && (bytes.count - fixed) % 8 == 0
        }
    }

    private static func bigEndian(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
        UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// The position of `id` as (pack number, byte offset in that pack); nil when no pack index lists
    /// it (a loose object, one in an alternate object store).
    func location(of id: ObjectID) -> (pack: Int, offset: UInt64)? {
        id.withBytes { key in
            for (pack, index) in indexes.enumerated() {
                if let offset = index.withUnsafeBytes({ Self.offset(of: key, in: $0) }) { return (pack, offset) }
            }
            return nil
        }
    }

    private static func offset(of key: UnsafeRawBufferPointer, in bytes: UnsafeRawBufferPointer) -> UInt64? {
        let first = Int(key[0])
        let count = Int(bigEndian(bytes, at: headerSize + fanoutSize - 4))
        var low = first == 0 ? 0 : Int(bigEndian(bytes, at: headerSize + (first - 1) * 4))
        var high = Int(bigEndian(bytes, at: headerSize + first * 4))
        guard low <= high, high <= count else { return nil }
        let hashes = headerSize + fanoutSize
        while low < high {
            let middle = (low + high) / 2
            let order = memcmp(bytes.baseAddress! + hashes + middle * hashSize, key.baseAddress!, hashSize)
            if order == 0 {
                let offsets = hashes + count * (hashSize + 4)
                let small = bigEndian(bytes, at: offsets + middle * 4)
                guard small & 0x8000_0000 != 0 else { return UInt64(small) }
                let large = offsets + count * 4 + Int(small & 0x7FFF_FFFF) * 8
                guard large + 8 <= bytes.count - 2 * hashSize else { return nil }
                return UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: large, as: UInt64.self))
            }
            if order < 0 { low = middle + 1 } else { high = middle }
        }
        return nil
    }
}

extension Repository {
    /// The order in which to read `ids` cheaply: by pack, then by offset in the pack; objects in no
    /// pack come last, in their given order.
    public func packOrder(of ids: [ObjectID]) -> [Int] {
        let layout = packLayout ?? PackLayout(objectsDirectory: String(cString: git_repository_commondir(handle)) + "objects")
        packLayout = layout
        let locations = ids.map { layout.location(of: $0) }
        return ids.indices.sorted { left, right in
            switch (locations[left], locations[right]) {
            case let (a?, b?): return (a.pack, a.offset) < (b.pack, b.offset)
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return left < right
            }
        }
    }
}
