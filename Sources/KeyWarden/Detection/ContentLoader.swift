#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decides how a file's or blob's bytes are scanned: as they are, transcoded from UTF-16 (with a
/// byte-order mark or recognised by its zero bytes), or, binary, by their printable runs.
enum ContentLoader {
    /// How many leading bytes are checked for a NUL to call content binary (as git does).
    static let binaryProbeLength = 8000

    enum Content {
        case text
        /// UTF-16, re-encoded as UTF-8 for scanning.
        case transcoded([UInt8])
        case binary
    }

    /// The first line of every Git LFS pointer file.
    private static let lfsPointerHeader = Array("version https://git-lfs.github.com/spec/v1\n".utf8)

    /// True for a Git LFS pointer: a small text file that stands for content kept on the LFS server.
    static func isLFSPointer(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count < 1024 && bytes.count >= lfsPointerHeader.count && bytes.starts(with: lfsPointerHeader)
    }

    static func classify(_ bytes: UnsafeRawBufferPointer) -> Content {
        if bytes.count >= 2 {
            let bom = (bytes[0], bytes[1])
            if bom == (0xFF, 0xFE) { return .transcoded(utf16(bytes, littleEndian: true)) }
            if bom == (0xFE, 0xFF) { return .transcoded(utf16(bytes, littleEndian: false)) }
        }
        guard let base = bytes.baseAddress else { return .text }
        guard memchr(base, 0, min(bytes.count, binaryProbeLength)) != nil else { return .text }
        if let littleEndian = utf16WithoutMark(bytes) { return .transcoded(utf16(bytes, littleEndian: littleEndian, from: 0)) }
        return .binary
    }

    /// Whether content without a byte-order mark is UTF-16 text, told by its zero bytes: in ASCII-range
    /// UTF-16 every other byte is zero. True for little-endian, false for big-endian, nil for neither.
    /// Nine pairs in ten of the probed bytes must have that shape (and no pair be two zeros), so a
    /// binary file's runs of zeros do not pass.
    static func utf16WithoutMark(_ bytes: UnsafeRawBufferPointer) -> Bool? {
        let pairs = min(bytes.count, binaryProbeLength) / 2
        guard pairs >= 8 else { return nil }
        var little = 0
        var big = 0
        for pair in 0..<pairs {
            let first = bytes[pair * 2]
            let second = bytes[pair * 2 + 1]
            if first == 0 && second == 0 { return nil }
            if second == 0 { little += 1 } else if first == 0 { big += 1 }
        }
        if little * 10 >= pairs * 9 { return true }
        if big * 10 >= pairs * 9 { return false }
        return nil
    }

    private static func utf16(_ bytes: UnsafeRawBufferPointer, littleEndian: Bool, from start: Int = 2) -> [UInt8] {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = start
        while index + 1 < bytes.count {
            let first = UInt16(bytes[index])
            let second = UInt16(bytes[index + 1])
            units.append(littleEndian ? first | second << 8 : first << 8 | second)
            index += 2
        }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }
}
