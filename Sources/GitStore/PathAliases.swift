import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Paths whose bytes are not UTF-8, made usable where paths are `String`s.
///
/// A directory named with, say, a Latin-1 `é` cannot be spelled as a Swift string: decoding repairs
/// the byte, and the repaired path names nothing. Registering the directory opens it and gives it
/// an alias that is plain ASCII (`/proc/self/fd/N`, the descriptor kept open for the life of the
/// process); every path libgit2 or the kernel reports under it (`git_repository_workdir`, …) is
/// then given back under the alias, so the bytes never pass through a `String`.
public enum PathAliases {
    private static let aliases = Mutex<[(bytes: [UInt8], alias: String)]>([])

    /// An alias for the directory at `path` (its bytes as given), or nil when it is not a directory
    /// that can be opened or the system has no `/proc/self/fd`.
    public static func register(directory path: [UInt8]) -> String? {
        let terminated = path.map { CChar(bitPattern: $0) } + [0]
        let descriptor = open(terminated, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        let alias = "/proc/self/fd/\(descriptor)"
        guard let resolved = realpath(terminated, nil), access(alias, F_OK) == 0 else {
            close(descriptor)
            return nil
        }
        defer { free(resolved) }
        let bytes = Array(UnsafeBufferPointer(start: resolved, count: strlen(resolved))).map { UInt8(bitPattern: $0) }
        aliases.withLock { $0.append((bytes, alias)) }
        return alias
    }

    /// The path `cString` names, as a `String` that names the same file: the path itself when it is
    /// UTF-8, else the same path under a registered alias, else (nothing to be done) a repaired
    /// decoding.
    public static func string(_ cString: UnsafePointer<CChar>) -> String {
        if let text = String(validatingCString: cString) { return text }
        let bytes = Array(UnsafeBufferPointer(start: cString, count: strlen(cString))).map { UInt8(bitPattern: $0) }
        let aliased = aliases.withLock { aliases -> String? in
            for (prefix, alias) in aliases where bytes.starts(with: prefix) {
                let rest = bytes[prefix.count...]
                guard rest.isEmpty || rest.first == UInt8(ascii: "/"), let tail = String(validating: rest, as: UTF8.self) else { continue }
                return alias + tail
            }
            return nil
        }
        if let aliased { return aliased }
        // No alias yet (a scan started inside such a directory): alias the deepest directory whose
        // name holds an odd byte, when what lies below it is UTF-8.
        var end = bytes.count
        while let slash = bytes[..<end].lastIndex(of: UInt8(ascii: "/")), String(validating: bytes[slash..<end], as: UTF8.self) != nil {
            end = slash
        }
        if end > 0, end < bytes.count || String(validating: bytes[..<end], as: UTF8.self) == nil,
            let alias = register(directory: Array(bytes[..<end])),
            let tail = String(validating: bytes[end...], as: UTF8.self)
        {
            return alias + tail
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `path` for people: an alias's prefix shown as the directory's own path, its odd bytes
    /// repaired (`caf\u{FFFD}`), so a report names the directory, not a descriptor.
    public static func display(_ path: String) -> String {
        aliases.withLock { aliases in
            for (bytes, alias) in aliases where path == alias || path.hasPrefix(alias + "/") {
                return String(decoding: bytes, as: UTF8.self) + path.dropFirst(alias.count)
            }
            return path
        }
    }
}
