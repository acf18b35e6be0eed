import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a reader sees the old content or the new, never a torn mix: a temporary file
/// in the same directory, flushed to disk, then renamed over the target. An existing file keeps its
/// permissions; a new one gets `newFilePermissions`.
package enum AtomicFile {
    package struct WriteError: Error, LocalizedError, Sendable {
        package var path: String
        package var reason: String
        package var errorDescription: String? { "cannot write \(path): \(reason)" }
    }

    /// A temporary file opened beside its target, to be renamed over it by `commit(_:)`.
    package struct Temporary {
        package var descriptor: Int32
        package var path: String
        package var target: String
    }

    /// Writes `data` to `path`. With `forcingPermissions`, the file gets `newFilePermissions` even
    /// where it existed with others (a private cache entry that must not stay readable by others).
    package static func write(
        _ data: Data, to path: String, newFilePermissions: mode_t = 0o644, forcingPermissions: Bool = false
    ) throws {
        let temporary = try create(beside: path, newFilePermissions: newFilePermissions, forcingPermissions: forcingPermissions)
        let written = data.withUnsafeBytes { writeAll(temporary.descriptor, $0) }
        guard written else {
            let reason = String(cString: strerror(errno))
            discard(temporary)
            throw WriteError(path: path, reason: reason)
        }
        try commit(temporary)
    }

    /// Opens a temporary file in `path`'s directory with the mode `path` has (or `newFilePermissions`).
    package static func create(
        beside path: String, newFilePermissions: mode_t = 0o644, forcingPermissions: Bool = false
    ) throws -> Temporary {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        var template = Array(((directory.isEmpty ? "." : directory) + "/.\(name).keywarden-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var existing = stat()
        let mode = !forcingPermissions && stat(path, &existing) == 0 ? existing.st_mode & 0o7777 : newFilePermissions
        fchmod(descriptor, mode)
        return Temporary(descriptor: descriptor, path: temporary, target: path)
    }

    /// Flushes the temporary file to disk and renames it over its target; on failure it is removed.
    package static func commit(_ temporary: Temporary) throws {
        let synced = fsync(temporary.descriptor) == 0
        let syncError = synced ? "" : String(cString: strerror(errno))
        close(temporary.descriptor)
        guard synced else {
            unlink(temporary.path)
            throw WriteError(path: temporary.target, reason: syncError)
        }
        guard rename(temporary.path, temporary.target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw WriteError(path: temporary.target, reason: reason)
        }
    }

    /// Closes and removes a temporary file: the target stays as it was.
    package static func discard(_ temporary: Temporary) {
        close(temporary.descriptor)
        unlink(temporary.path)
    }

    /// Writes all of `buffer` to `descriptor`, retrying short writes and interruptions; false (with
    /// `errno` set) on failure.
    package static func writeAll(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < buffer.count {
            #if canImport(Glibc)
            let count = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            #else
            let count = Darwin.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            #endif
            if count < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += count
        }
        return true
    }
}
