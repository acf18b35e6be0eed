import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files only the current user may have written: a cache that decides what a scan reports must not
/// be something another user (or a copied-in file) planted.
package enum PrivateFiles {
    /// Creates `path` (and its parents) as directories only the user can enter, or checks the one
    /// there: a real directory (not a link), owned by the user, with no access for group or others
    /// (a directory of the user's with wider access is narrowed to 0700).
    /// - Returns: nil when it can be used, else why not.
    package static func prepareDirectory(_ path: String) -> String? {
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            return "cannot create \(path): \(error.localizedDescription)"
        }
        var info = stat()
        guard lstat(path, &info) == 0 else { return "cannot read \(path): \(String(cString: strerror(errno)))" }
        guard info.st_mode & S_IFMT == S_IFDIR else { return "\(path) is not a directory (a link?)" }
        guard info.st_uid == geteuid() else { return "\(path) belongs to user id \(info.st_uid), not to you (\(geteuid()))" }
        if info.st_mode & 0o077 != 0, chmod(path, 0o700) != 0 {
            return "\(path) is open to other users and cannot be narrowed: \(String(cString: strerror(errno)))"
        }
        return nil
    }

    /// What reading a private file found.
    package enum Contents {
        case missing
        /// There, but not the user's own private file, or unreadable: the reason says which.
        case refused(String)
        case data(Data)
    }

    /// Reads `path` if it is a regular file (not followed through a link) owned by the user and
    /// closed to group and others, and at most `limit` bytes long.
    package static func read(_ path: String, limit: Int = 1 << 30) -> Contents {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return .missing }
            return .refused("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .refused("cannot read \(path): \(String(cString: strerror(errno)))") }
        guard info.st_mode & S_IFMT == S_IFREG else { return .refused("\(path) is not a regular file") }
        guard info.st_uid == geteuid() else { return .refused("\(path) belongs to user id \(info.st_uid), not to you") }
        guard info.st_mode & 0o077 == 0 else {
            return .refused("\(path) can be read or written by other users (mode \(String(info.st_mode & 0o777, radix: 8)))")
        }
        guard Int(info.st_size) <= limit else { return .refused("\(path) is larger than \(limit) bytes") }
        var data = Data(count: Int(info.st_size))
        var offset = 0
        let complete = data.withUnsafeMutableBytes { buffer -> Bool in
            while offset < buffer.count {
                let count = Foundation.read(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                offset += count
            }
            return true
        }
        guard complete else { return .refused("\(path) could not be read whole") }
        return .data(data)
    }
}
