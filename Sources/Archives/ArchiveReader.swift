import CArchive

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the members of archives and compressed files, in memory or streamed from a file, through libarchive: the zip
/// family (zip, jar, war, apk, whl, nupkg, docx/xlsx/pptx, odt), tar (plain or gzip, bzip2, xz, zstd
/// compressed), and gzip, bzip2, xz or zstd on their own.
public enum ArchiveReader {
    /// What the first bytes of `bytes` say it is, judged without libarchive (cheap, for every blob).
    public enum Kind: Sendable, Equatable {
        /// An archive of members (zip, tar, 7z).
        case archive
        /// One compressed stream (gzip, bzip2, xz, zstd): a tar inside, or a single file.
        case compressed
    }

    public static func kind(of bytes: UnsafeRawBufferPointer) -> Kind? {
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + magic.count && magic.indices.allSatisfy { bytes[offset + $0] == magic[$0] }
        }
        if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) { return .archive }  // zip
        if starts(Array("ustar".utf8), at: 257) { return .archive }  // tar
        if starts([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]) { return .archive }  // 7z
        if starts([0x1F, 0x8B]) || starts(Array("BZh".utf8)) || starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00])
            || starts([0x28, 0xB5, 0x2F, 0xFD])
        {
            return .compressed
        }
        return nil
    }

    /// Where an archive is read from: bytes in memory, or an open file read from its start as it goes
    /// (for files too large to hold whole; the descriptor stays open).
    public enum Input {
        case bytes(UnsafeRawBufferPointer)
        case file(descriptor: Int32)
    }

    /// Calls `body` with each regular-file member's name and bytes, one member in memory at a time;
    /// a member cut short by a limit of `budget` is passed with the bytes expanded before it.
    /// A compressed stream that holds no archive is one member, named by `fallbackName`.
    /// - Throws: `ArchiveError` when a limit of `budget` is reached or the archive cannot be read on;
    ///   the members before that were passed to `body` already. An error `body` throws ends the walk
    ///   and is thrown as it is.
    public static func forEachMember(
        in input: Input, kind: Kind, fallbackName: String, budget: inout ArchiveBudget,
        _ body: (String, UnsafeRawBufferPointer, inout ArchiveBudget) throws -> Void
    ) throws {
        if try read(input, raw: false, fallbackName: fallbackName, budget: &budget, body) { return }
        if kind == .compressed { _ = try read(input, raw: true, fallbackName: fallbackName, budget: &budget, body) }
    }

    /// One pass: as archive formats, or (`raw`) as one compressed stream. False when libarchive does
    /// not recognise the content as an archive at all, or finds no member in it.
    private static func read(
        _ input: Input, raw: Bool, fallbackName: String, budget: inout ArchiveBudget,
        _ body: (String, UnsafeRawBufferPointer, inout ArchiveBudget) throws -> Void
    ) throws -> Bool {
        var loadError = [CChar](repeating: 0, count: 512)
        guard kw_archive_load(&loadError, loadError.count) == 0 else {
            throw ArchiveError.unreadable(String(decoding: loadError.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        guard let archive = kw_archive_read_new() else { throw ArchiveError.unreadable("libarchive could not start") }
        defer { kw_archive_read_free(archive) }
        kw_archive_read_support_filter_all(archive)
        if raw {
            kw_archive_read_support_format_raw(archive)
        } else {
            kw_archive_read_support_format_all(archive)
        }
        switch input {
        case .bytes(let bytes):
            guard let base = bytes.baseAddress, kw_archive_read_open_memory(archive, base, bytes.count) == ARCHIVE_OK else {
                return false
            }
        case .file(let descriptor):
            // Each pass reads from the start (the first may have stopped anywhere).
            guard lseek(descriptor, 0, SEEK_SET) == 0 else { throw ArchiveError.unreadable("cannot seek: \(String(cString: strerror(errno)))") }
            guard kw_archive_read_open_fd(archive, descriptor, 1 << 20) == ARCHIVE_OK else { return false }
        }
        var entry: OpaquePointer?
        var buffer = [UInt8]()
        var first = true
        while true {
            let status = kw_archive_read_next_header(archive, &entry)
            // An archive without a member is not taken for one: tar reads a block of zeros as its
            // end, so a compressed file that starts with zeros would hide what follows them.
            if status == ARCHIVE_EOF { return !first || raw }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
                // Not an archive after all (a .gz of something else, with archive formats): try raw.
                if first && !raw { return false }
                throw ArchiveError.unreadable(message(archive))
            }
            first = false
            try budget.countEntry()
            guard kw_archive_entry_filetype(entry) == kw_archive_regular_file() || raw else {
                kw_archive_read_data_skip(archive)
                continue
            }
            let name = raw ? fallbackName : (kw_archive_entry_pathname_utf8(entry) ?? kw_archive_entry_pathname(entry)).map { String(cString: $0) } ?? "?"
            buffer.removeAll(keepingCapacity: true)
            var chunk = [UInt8](repeating: 0, count: 64 << 10)
            while true {
                let count = chunk.withUnsafeMutableBytes { kw_archive_read_data(archive, $0.baseAddress, $0.count) }
                if count == 0 { break }
                guard count > 0 else { throw ArchiveError.unreadable("\(name): \(message(archive))") }
                do {
                    try budget.count(bytes: count)
                } catch {
                    // What was expanded before the limit is still passed on: a key at the start of
                    // a member too large to expand is found, and the limit is named all the same.
                    // A truncated member that is itself an archive cannot be read to its end: the
                    // limit, not that, is what is named.
                    do {
                        try buffer.withUnsafeBytes { try body(name, $0, &budget) }
                    } catch is ArchiveError {}
                    throw error
                }
                buffer += chunk[..<count]
            }
            try buffer.withUnsafeBytes { try body(name, $0, &budget) }
        }
    }

    private static func message(_ archive: OpaquePointer) -> String {
        kw_archive_error_string(archive).map { String(cString: $0) } ?? "unknown error"
    }
}
