import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a reader sees the old content or the new, never a torn mix: a temporary file
/// in the same directory, flushed to disk, then renamed over the target. An existing file keeps its
/// permissions; a new one gets `newFilePermissions`.
public enum AtomicFile {
    public struct WriteError: Error, LocalizedError, Sendable {
        public var path: String
        public var reason: String
        public var errorDescription: String? { "cannot write \(path): \(reason)" }
    }

    public static func write(_ data: Data, to path: String, newFilePermissions: mode_t = 0o644) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        var template = Array(((directory.isEmpty ? "." : directory) + "/.\(name).keywarden-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var succeeded = false
        defer {
            if !succeeded { unlink(temporary) }
        }
        var existing = stat()
        let mode = stat(path, &existing) == 0 ? existing.st_mode & 0o7777 : newFilePermissions
        fchmod(descriptor, mode)
        let written = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += count
            }
            return true
        }
        let writeError = written ? nil : String(cString: strerror(errno))
        let synced = fsync(descriptor) == 0
        close(descriptor)
        if let writeError { throw WriteError(path: path, reason: writeError) }
        guard synced else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        guard rename(temporary, path) == 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        succeeded = true
    }
}
