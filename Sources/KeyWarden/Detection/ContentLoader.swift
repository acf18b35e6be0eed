#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decides how a file's or blob's bytes are scanned: as they are, transcoded from UTF-16, or not at
/// all (binary).
enum ContentLoader {
    /// How many leading bytes are checked for a NUL to call content binary (as git does).
    static let binaryProbeLength = 8000

    enum Content {
        case text
        /// UTF-16 with a byte-order mark, re-encoded as UTF-8 for scanning.
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
        return memchr(base, 0, min(bytes.count, binaryProbeLength)) != nil ? .binary : .text
    }

    private static func utf16(_ bytes: UnsafeRawBufferPointer, littleEndian: Bool) -> [UInt8] {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = 2
        while index + 1 < bytes.count {
            let first = UInt16(bytes[index])
            let second = UInt16(bytes[index + 1])
            units.append(littleEndian ? first | second << 8 : first << 8 | second)
            index += 2
        }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }
}
