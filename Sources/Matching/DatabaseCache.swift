import Foundation

/// Keeps compiled Vectorscan databases on disk, keyed by everything that goes into them, so that
/// start-up costs a file read instead of a compile (tens to hundreds of milliseconds for the default
/// rules). The cache holds compiled patterns only, never scanned content; a damaged or foreign entry
/// is ignored and rebuilt.
struct DatabaseCache {
    let directory: String

    /// `$XDG_CACHE_HOME/keywarden`, else `~/.cache/keywarden`; nil when neither can be worked out.
    static var defaultDirectory: String? {
        let environment = ProcessInfo.processInfo.environment
        if let disabled = environment["KEYWARDEN_NO_CACHE"], !disabled.isEmpty { return nil }
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { return cache + "/keywarden" }
        if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.cache/keywarden" }
        return nil
    }

    /// What is stored for one key: how each pattern is prefiltered, which keywords need positions,
    /// and the serialized database.
    struct Entry {
        var prefilters: [UInt8]
        var positionsNeeded: [Bool]
        var database: ArraySlice<UInt8>
    }

    static let magic = Array("KWDB1".utf8)

    /// A file name from the inputs and the Vectorscan version.
    /// Bumped whenever what goes into a database changes (flags, prefilter rewriting, id layout).
    static let formatVersion = "keywarden-matcher-3"

    static func key(for parts: [String]) -> String {
        var hasher = FNV1a()
        hasher.add(formatVersion)
        hasher.add(VectorscanDatabase.version)
        for part in parts {
            hasher.add(part)
            hasher.add("\u{0}")
        }
        return hasher.hex
    }

    func load(key: String, patternCount: Int, keywordCount: Int) -> Entry? {
        // One read into one array, sliced, not copied: the entry is over a megabyte, and each copy
        // of it was a measurable part of a small scan's start-up.
        guard let bytes = Self.contents(of: path(key)) else { return nil }
        let header = Self.magic.count
        guard bytes.count > header + patternCount + keywordCount, bytes[..<header].elementsEqual(Self.magic) else { return nil }
        let prefilters = Array(bytes[header..<(header + patternCount)])
        let positions = bytes[(header + patternCount)..<(header + patternCount + keywordCount)].map { $0 != 0 }
        return Entry(prefilters: prefilters, positionsNeeded: positions, database: bytes[(header + patternCount + keywordCount)...])
    }

    /// The whole file at `path`, or nil when it cannot be read.
    private static func contents(of path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size > 0, status.st_size < Int.max else { return nil }
        let size = Int(status.st_size)
        var complete = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var offset = 0
            while offset < size, let base = buffer.baseAddress {
                let read = Glibc.read(descriptor, base + offset, size - offset)
                if read < 0 && errno == EINTR { continue }
                guard read > 0 else { break }
                offset += read
            }
            complete = offset == size
            count = offset
        }
        return complete ? bytes : nil
    }

    func store(_ entry: Entry, key: String) {
        var bytes = Self.magic
        bytes += entry.prefilters
        bytes += entry.positionsNeeded.map { $0 ? 1 : 0 }
        bytes += entry.database
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // Write-then-rename: a reader never sees a half-written entry.
        let temporary = path(key) + ".\(ProcessInfo.processInfo.processIdentifier).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else { return }
        if rename(temporary, path(key)) != 0 { unlink(temporary) }
    }

    private func path(_ key: String) -> String { directory + "/matcher-" + key + ".hsdb" }
}

/// 64-bit FNV-1a, twice with different offsets for 128 bits: a stable cache key, not a security hash.
private struct FNV1a {
    private var first: UInt64 = 0xcbf2_9ce4_8422_2325
    private var second: UInt64 = 0x84222325_cbf29ce4

    mutating func add(_ text: String) {
        for byte in text.utf8 {
            first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            second = (second ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
    }

    var hex: String {
        let value = String(first, radix: 16) + "-" + String(second, radix: 16)
        return value
    }
}
